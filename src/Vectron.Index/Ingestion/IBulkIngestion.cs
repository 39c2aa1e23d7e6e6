namespace Vectron.Index.Ingestion;

/// <summary>
/// Bulk ingestion of NDJSON: stage the upload, plan line-aligned chunks, process each chunk from a queue message,
/// report progress. Every call is safe to repeat: a chunk delivered twice writes the same ids and is counted once.
/// </summary>
public interface IBulkIngestion
{
    /// <summary>
    /// Checks the collection exists, streams <paramref name="ndjson"/> (plain or gzip) to a staging blob without
    /// holding it in memory, counts and plans chunks, records the job. Enqueue the returned chunks with
    /// <see cref="IBulkQueue"/>. Throws <see cref="Collections.CollectionNotFoundException"/>, and
    /// <see cref="Collections.VectronValidationException"/> (field <c>body</c>) for an empty body, a line over
    /// <see cref="BulkIngestionOptions.MaxLineBytes"/> or bad gzip; nothing is left behind then.
    /// </summary>
    Task<BulkJobStarted> StartJobAsync(string collection, Stream ndjson, BulkJobOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a chunk's good lines (texts embedded), reports bad lines, records the outcome once. Throws on storage
    /// trouble so the queue redelivers; a redelivery after the outcome was recorded returns it without writing.
    /// </summary>
    Task<BulkChunkResult> ProcessChunkAsync(BulkChunkMessage message, CancellationToken cancellationToken = default);

    /// <summary>For the poison path: records the chunk as failed with <paramref name="reason"/> unless it already has an outcome.</summary>
    Task RecordChunkFailureAsync(BulkChunkMessage message, string reason, CancellationToken cancellationToken = default);

    /// <summary>The job's progress; <see cref="BulkJobNotFoundException"/> for an unknown id.</summary>
    Task<BulkJobStatus> GetJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Deletes staging data and records of jobs idle longer than <see cref="BulkIngestionOptions.Retention"/>; returns how many.</summary>
    Task<int> CleanupExpiredJobsAsync(CancellationToken cancellationToken = default);
}
