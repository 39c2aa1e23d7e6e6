namespace Vectron.Cli;

/// <summary>The parts of the job JSON (docs/api.md, <c>GET /api/jobs/{id}</c>) the CLI shows.</summary>
internal sealed record JobView(
    string JobId,
    string State,
    int ChunksTotal,
    int ChunksCompleted,
    int ChunksFailed,
    long DocumentsTotal,
    long DocumentsWritten,
    long BadLines,
    IReadOnlyList<LineErrorView>? Errors,
    IReadOnlyList<ChunkFailureView>? FailedChunks,
    double DocumentsPerSecond)
{
    public bool IsFinished => State is "completed" or "completed-with-errors" or "failed";
}

internal sealed record LineErrorView(long Line, string Field, string Message);

internal sealed record ChunkFailureView(int Chunk, long FirstLine, int Documents, string Error);

/// <summary>The 202 answer of <c>POST /api/collections/{name}/bulk</c>.</summary>
internal sealed record JobAccepted(string JobId, string StatusUrl, long Documents, int Chunks);
