using Microsoft.Extensions.Options;
using Vectron.Index.Collections;

namespace Vectron.Index.Ingestion;

/// <summary>Settings of bulk ingestion. Validated once at start-up (<see cref="Validate"/>).</summary>
public sealed class BulkIngestionOptions
{
    public const string DefaultQueueName = "vectron-bulk";
    public const string DefaultPoisonQueueName = "vectron-bulk-poison";

    /// <summary>
    /// A chunk ends at the first line end at or after this many bytes (default 4 MiB: each chunk costs a fixed number of
    /// storage and queue round trips, which 1 MiB chunks of vectors paid every ~250 documents).
    /// </summary>
    public int ChunkTargetBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>A chunk holds at most this many documents, so slow (embedded) chunks stay short.</summary>
    public int MaxChunkDocuments { get; set; } = 5_000;

    /// <summary>A longer line rejects the upload (400): no valid document comes near it, and a chunk must fit in memory.</summary>
    public int MaxLineBytes { get; set; } = 1024 * 1024;

    /// <summary>Texts handed to the embedding generator per call.</summary>
    public int EmbeddingBatchSize { get; set; } = 256;

    /// <summary>Queue of chunk messages; infra/ creates it. The Functions queue trigger reads it.</summary>
    public string QueueName { get; set; } = DefaultQueueName;

    /// <summary>Where the Functions host moves a message after maxDequeueCount failures.</summary>
    public string PoisonQueueName { get; set; } = DefaultPoisonQueueName;

    /// <summary>
    /// Queue endpoint when storage is reached by <see cref="VectronStorageOptions.ServiceUri"/> (managed identity).
    /// Default: the blob endpoint with <c>.blob.</c> replaced by <c>.queue.</c>. Ignored with a connection string.
    /// </summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>Staging data and job records are deleted this long after a job's last activity.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Bad-line errors kept per chunk and shown per job; the count is always exact.</summary>
    public int MaxReportedErrors { get; set; } = 100;

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (ChunkTargetBytes is < 1024 or > 64 * 1024 * 1024)
        {
            errors.Add("ChunkTargetBytes must be between 1 KiB and 64 MiB.");
        }

        if (MaxChunkDocuments is < 1 or > 1_000_000)
        {
            errors.Add("MaxChunkDocuments must be between 1 and 1,000,000.");
        }

        if (MaxLineBytes is < 1024 or > 64 * 1024 * 1024)
        {
            errors.Add("MaxLineBytes must be between 1 KiB and 64 MiB.");
        }

        if (EmbeddingBatchSize is < 1 or > 4096)
        {
            errors.Add("EmbeddingBatchSize must be between 1 and 4096.");
        }

        // Queue names follow the same rule as collection names (lower-case letters, digits, '-', 3-63 characters).
        if (!CollectionName.IsValid(QueueName) || !CollectionName.IsValid(PoisonQueueName) || QueueName == PoisonQueueName)
        {
            errors.Add($"QueueName '{QueueName}' and PoisonQueueName '{PoisonQueueName}' must differ and be 3-63 lower-case letters, digits or '-'.");
        }

        if (Retention <= TimeSpan.Zero)
        {
            errors.Add("Retention must be positive.");
        }

        if (MaxReportedErrors is < 0 or > 10_000)
        {
            errors.Add("MaxReportedErrors must be between 0 and 10,000.");
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(BulkIngestionOptions), typeof(BulkIngestionOptions), errors);
        }
    }
}
