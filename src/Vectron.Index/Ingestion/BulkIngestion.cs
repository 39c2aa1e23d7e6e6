using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.AI;
using Vectron.Index.Collections;
using Vectron.Index.Storage;

namespace Vectron.Index.Ingestion;

/// <summary>
/// The bulk-ingestion engine over Vectron's blob container (<see cref="JobLayout"/>). Staging and job start live
/// here; chunk processing in BulkIngestion.Chunks.cs, status and clean-up in BulkIngestion.Status.cs.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The SemaphoreSlim never creates its wait handle, so it holds nothing to dispose.")]
public sealed partial class BulkIngestion : IBulkIngestion
{
    /// <summary>Bytes per staged block: large enough for few requests, small enough for two buffers in memory.</summary>
    private const int StageBlockBytes = 4 * 1024 * 1024;

    private readonly VectronStorage _storage;
    private readonly IVectronCollections _collections;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embedder;

    // One embedding call at a time per instance: the model already uses every core, and two chunks embedding at once
    // (the queue trigger runs several) only make the ONNX thread pools fight; appends still overlap the embedding.
    private readonly SemaphoreSlim _embedding = new(1, 1);

    /// <param name="embedder">Embeds lines that carry text but no vector; without one such lines are reported bad.</param>
    public BulkIngestion(VectronStorage storage, IVectronCollections collections, BulkIngestionOptions options, IEmbeddingGenerator<string, Embedding<float>>? embedder = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(collections);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _storage = storage;
        _collections = collections;
        Options = options;
        _embedder = embedder;
    }

    public BulkIngestionOptions Options { get; }

    private BlobContainerClient Container => _storage.Container;

    private DateTimeOffset Now => _storage.Time.GetUtcNow();

    public async Task<BulkJobStarted> StartJobAsync(string collection, Stream ndjson, BulkJobOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ndjson);
        await _collections.GetAsync(collection, cancellationToken);
        await _storage.EnsureContainerAsync(cancellationToken);
        string jobId = JobLayout.NewJobId();
        var planner = new ChunkPlanner(Options.ChunkTargetBytes, Options.MaxChunkDocuments, Options.MaxLineBytes);
        BlockBlobClient staging = Container.GetBlockBlobClient(JobLayout.Staging(jobId));

        // Blocks are committed only after the whole body was read and planned, so a rejected upload leaves nothing
        // but uncommitted blocks, which storage discards by itself.
        IReadOnlyList<string> blocks;
        try
        {
            Stream body = await OpenBodyAsync(ndjson, options?.Compression ?? BulkCompression.Auto, cancellationToken);
            await using (body)
            {
                blocks = await StageAsync(staging, body, planner, cancellationToken);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new VectronValidationException("body", $"The body is not valid gzip: {ex.Message}");
        }

        IReadOnlyList<ChunkPlan> plan = planner.Complete();
        if (planner.Documents == 0)
        {
            throw new VectronValidationException("body", "The body holds no documents (one JSON object per line).");
        }

        await StorageFailures.GuardAsync(() => staging.CommitBlockListAsync(blocks, cancellationToken: cancellationToken), cancellationToken);
        var record = new JobRecord(jobId, collection, Now, plan.Count, planner.Documents, planner.Bytes);
        await UploadJsonAsync(Container.GetBlobClient(JobLayout.Record(jobId)), record, metadata: null, cancellationToken);
        var messages = new BulkChunkMessage[plan.Count];
        for (int i = 0; i < plan.Count; i++)
        {
            ChunkPlan chunk = plan[i];
            messages[i] = new BulkChunkMessage(jobId, collection, i, chunk.Offset, chunk.Length, chunk.FirstLine, chunk.Documents);
        }

        return new BulkJobStarted(jobId, collection, planner.Documents, messages);
    }

    private static async Task<Stream> OpenBodyAsync(Stream body, BulkCompression compression, CancellationToken cancellationToken)
    {
        switch (compression)
        {
            case BulkCompression.None:
                return new PrefixedStream(ReadOnlyMemory<byte>.Empty, body);
            case BulkCompression.Gzip:
                return new GZipStream(body, CompressionMode.Decompress, leaveOpen: true);
            default:
                byte[] magic = new byte[2];
                int read = await body.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken);
                var replay = new PrefixedStream(magic.AsMemory(0, read), body);
                return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b
                    ? new GZipStream(replay, CompressionMode.Decompress, leaveOpen: true)
                    : replay;
        }
    }

    /// <summary>Reads the body into one buffer while the previous one is staged; returns the block ids in order.</summary>
    private static async Task<IReadOnlyList<string>> StageAsync(BlockBlobClient staging, Stream body, ChunkPlanner planner, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        byte[] reading = ArrayPool<byte>.Shared.Rent(StageBlockBytes);
        byte[] staged = ArrayPool<byte>.Shared.Rent(StageBlockBytes);
        Task pending = Task.CompletedTask;
        try
        {
            while (true)
            {
                int filled = await body.ReadAtLeastAsync(reading.AsMemory(0, StageBlockBytes), StageBlockBytes, throwOnEndOfStream: false, cancellationToken);
                if (filled == 0)
                {
                    break;
                }

                planner.Append(reading.AsSpan(0, filled));
                await pending;
                string id = Convert.ToBase64String(Encoding.ASCII.GetBytes(ids.Count.ToString("D8", CultureInfo.InvariantCulture)));
                ids.Add(id);
                byte[] block = reading;
                pending = StorageFailures.GuardAsync(() => staging.StageBlockAsync(id, new MemoryStream(block, 0, filled, writable: false), cancellationToken: cancellationToken), cancellationToken);
                (reading, staged) = (staged, reading);
                if (filled < StageBlockBytes)
                {
                    break;
                }
            }

            await pending;
            return ids;
        }
        finally
        {
            await pending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            ArrayPool<byte>.Shared.Return(reading);
            ArrayPool<byte>.Shared.Return(staged);
        }
    }

    private static async Task<bool> UploadJsonAsync<T>(BlobClient blob, T value, IDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            Metadata = metadata,
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
        };
        try
        {
            await StorageFailures.GuardAsync(() => blob.UploadAsync(BinaryData.FromObjectAsJson(value, BulkJson.Options), options, cancellationToken), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (StorageFailures.IsAlreadyExists(ex))
        {
            return false;
        }
    }

    private static async Task<T?> DownloadJsonAsync<T>(BlobClient blob, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            BlobDownloadResult result = await StorageFailures.GuardAsync(() => blob.DownloadContentAsync(cancellationToken), cancellationToken);
            return result.Content.ToObjectFromJson<T>(BulkJson.Options);
        }
        catch (RequestFailedException ex) when (StorageFailures.IsNotFound(ex))
        {
            return null;
        }
    }

    private static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseTime(IDictionary<string, string>? metadata, string key) =>
        metadata is not null && metadata.TryGetValue(key, out string? value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset time)
            ? time
            : null;

    private static int ParseInt(IDictionary<string, string>? metadata, string key) =>
        metadata is not null && metadata.TryGetValue(key, out string? value) && int.TryParse(value, CultureInfo.InvariantCulture, out int number) ? number : 0;

}
