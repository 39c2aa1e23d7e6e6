namespace Vectron.Functions.Bulk;

/// <summary>The 202 answer of a bulk upload: where to follow the job, and what was staged.</summary>
/// <param name="JobId">32 lower-case hex digits.</param>
/// <param name="StatusUrl">Path of <c>GET /api/jobs/{jobId}</c>, also the <c>Location</c> header.</param>
/// <param name="Documents">Non-blank lines of the upload.</param>
/// <param name="Chunks">Chunk messages enqueued.</param>
public sealed record BulkJobAccepted(string JobId, string StatusUrl, long Documents, int Chunks);
