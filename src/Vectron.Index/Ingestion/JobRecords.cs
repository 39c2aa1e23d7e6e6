namespace Vectron.Index.Ingestion;

/// <summary>The job record (<see cref="JobLayout.Record"/>), written once when staging finished.</summary>
internal sealed record JobRecord(string JobId, string Collection, DateTimeOffset CreatedAt, int Chunks, long Documents, long StagedBytes);

/// <summary>A chunk's outcome (<see cref="JobLayout.ChunkMarker"/>). Counts are also blob metadata, so status needs a listing only.</summary>
internal sealed record ChunkMarker(
    int Chunk,
    bool Failed,
    int Written,
    int BadLines,
    IReadOnlyList<BulkLineError> Errors,
    string? Error,
    long FirstLine,
    int Documents,
    DateTimeOffset FinishedAt)
{
    public const string FailedKey = "failed";
    public const string WrittenKey = "written";
    public const string BadLinesKey = "badlines";
    public const string FinishedAtKey = "finishedat";
    public const string AtKey = "at";
}
