namespace Vectron.Index.Ingestion;

/// <summary>Progress of a bulk job, as <c>GET /api/jobs/{id}</c> returns it (serialise with <see cref="BulkJson.Options"/>).</summary>
public sealed record BulkJobStatus
{
    public required string JobId { get; init; }

    public required string Collection { get; init; }

    public required BulkJobState State { get; init; }

    public required int ChunksTotal { get; init; }

    public required int ChunksCompleted { get; init; }

    public required int ChunksFailed { get; init; }

    /// <summary>Non-blank lines of the upload, counted while staging.</summary>
    public required long DocumentsTotal { get; init; }

    public required long DocumentsWritten { get; init; }

    /// <summary>Exact count of lines that were not written (bad lines, and the documents of failed chunks are not in it).</summary>
    public required long BadLines { get; init; }

    /// <summary>The first bad lines, at most <see cref="BulkIngestionOptions.MaxReportedErrors"/>, by line number.</summary>
    public required IReadOnlyList<BulkLineError> Errors { get; init; }

    public required IReadOnlyList<BulkChunkFailure> FailedChunks { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the first chunk started; null while queued.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the last chunk got its outcome; null until every chunk has one.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Documents written per second since the first chunk started (until finished, or now).</summary>
    public required double DocumentsPerSecond { get; init; }

    /// <summary>True once every chunk has an outcome.</summary>
    public bool IsFinished => State is BulkJobState.Completed or BulkJobState.CompletedWithErrors or BulkJobState.Failed;
}
