namespace Vectron.Index.Ingestion;

/// <summary>No job with this id exists (never did, or its records were cleaned up after the retention period).</summary>
public sealed class BulkJobNotFoundException : Exception
{
    public BulkJobNotFoundException(string jobId)
        : base($"Bulk job '{jobId}' does not exist.")
    {
        JobId = jobId;
    }

    public BulkJobNotFoundException()
    {
        JobId = string.Empty;
    }

    public BulkJobNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        JobId = string.Empty;
    }

    public string JobId { get; }
}
