using System.Collections.Concurrent;
using System.Diagnostics;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vectron.Index.Storage;
using Vectron.Index.Telemetry;

namespace Vectron.Index.Collections;

/// <summary>
/// <see cref="IVectronCollections"/> over blob storage. One per process: it owns this instance's log writers (one per
/// collection, group-committing concurrent writes) and a cached reader per collection.
/// </summary>
public sealed partial class VectronCollections : IVectronCollections, IDisposable
{
    private readonly ConcurrentDictionary<string, CollectionManifest> _knownManifests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LogWriter> _writers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CollectionReader> _readers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _compactionMarks = new(StringComparer.Ordinal);
    private readonly ILogger<VectronCollections> _logger;

    public VectronCollections(VectronStorage storage, ILogger<VectronCollections>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        Storage = storage;
        Manifests = new ManifestStore(storage);
        Logs = new LogTailReader(storage);
        Segments = new SegmentReader(storage);
        Compactor = new Compactor(storage);
        _logger = logger ?? NullLogger<VectronCollections>.Instance;
    }

    public VectronCollections(VectronStorageOptions options, ILogger<VectronCollections>? logger = null)
        : this(new VectronStorage(options), logger)
    {
    }

    public VectronStorage Storage { get; }

    /// <summary>Manifest reads for the query engine (segments with blob name, ETag, rows, block ranges; watermarks).</summary>
    public ManifestStore Manifests { get; }

    /// <summary>Log listing and tail reads from caller-held positions.</summary>
    public LogTailReader Logs { get; }

    /// <summary>Range reads of segment blocks and of the documents of chosen rows.</summary>
    public SegmentReader Segments { get; }

    public Compactor Compactor { get; }

    public async Task<CollectionInfo> CreateAsync(string name, CollectionSettings settings, CancellationToken cancellationToken = default)
    {
        CollectionName.Validate(name);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        await Storage.EnsureContainerAsync(cancellationToken);
        return await StorageFailures.GuardAsync(
            async () =>
            {
                var manifest = new CollectionManifest { Name = name, Settings = settings, CreatedAt = Storage.Time.GetUtcNow() };
                if (await Manifests.TryCreateAsync(manifest, cancellationToken))
                {
                    return ToInfo(manifest);
                }

                CollectionManifest existing = (await Manifests.ReadAsync(name, cancellationToken)).Manifest;
                return existing.Settings == settings ? ToInfo(existing) : throw new CollectionConflictException(name, existing.Settings, settings);
            },
            cancellationToken);
    }

    public async Task<CollectionInfo> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        CollectionName.Validate(name);
        VersionedManifest manifest = await StorageFailures.GuardAsync(() => Manifests.ReadAsync(name, cancellationToken), cancellationToken);
        return ToInfo(manifest.Manifest);
    }

    public async Task<IReadOnlyList<CollectionInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await Storage.EnsureContainerAsync(cancellationToken);
        IReadOnlyList<CollectionManifest> manifests = await StorageFailures.GuardAsync(() => Manifests.ListAsync(cancellationToken), cancellationToken);
        return manifests.Select(ToInfo).ToList();
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        CollectionName.Validate(name);
        bool existed = await StorageFailures.GuardAsync(
            async () =>
            {
                // The manifest goes first: writers stop starting logs and readers see "not found" from here on.
                bool deleted = await Manifests.DeleteAsync(name, cancellationToken);
                await DeleteBlobsAsync(name, cancellationToken);
                return deleted;
            },
            cancellationToken);
        Forget(name);
        return existed;
    }

    public async Task<CollectionStats> GetStatsAsync(string name, CancellationToken cancellationToken = default)
    {
        CollectionName.Validate(name);
        CollectionReader reader = Reader(name);
        return await GuardedAsync(
            name,
            async () =>
            {
                await reader.RefreshAsync(cancellationToken);
                CollectionManifest manifest = reader.Manifest!;
                long logBytes = await Compactor.PendingLogBytesAsync(name, cancellationToken);
                return new CollectionStats(name, reader.Count, manifest.Segments.Count, manifest.Segments.Sum(s => s.Bytes), logBytes, manifest.Generation);
            },
            cancellationToken);
    }

    public async Task<WriteReceipt> UpsertAsync(string name, IReadOnlyList<DocumentUpsert> documents, CancellationToken cancellationToken = default)
    {
        CollectionName.Validate(name);
        ArgumentNullException.ThrowIfNull(documents);
        DocumentRules.ValidateBatchSize(documents.Count);
        CollectionManifest manifest = await ManifestAsync(name, cancellationToken);
        CollectionSettings settings = manifest.Settings;
        var records = new LogRecord[documents.Count];
        for (int i = 0; i < documents.Count; i++)
        {
            DocumentUpsert document = documents[i] ?? throw new VectronValidationException($"documents[{i}]", "A document must not be null.");
            DocumentRules.ValidateId(document.Id, $"documents[{i}].id");
            float[] vector = VectorRules.Normalize(document.Vector.Span, settings.Dimensions, $"documents[{i}].vector");
            byte[] metadata = DocumentRules.ValidateMetadata(document.MetadataJson, $"documents[{i}].metadata");
            byte[] text = DocumentRules.ValidateText(document.Text, $"documents[{i}].text");
            records[i] = LogRecord.Upsert(document.Id, NextVersion(), vector, metadata, text);
        }

        return await AppendAsync(manifest, records, WriteTelemetry.Upsert, cancellationToken);
    }

    public async Task<WriteReceipt> DeleteDocumentsAsync(string name, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        CollectionName.Validate(name);
        ArgumentNullException.ThrowIfNull(ids);
        DocumentRules.ValidateBatchSize(ids.Count, "ids");
        CollectionManifest manifest = await ManifestAsync(name, cancellationToken);
        var records = new LogRecord[ids.Count];
        for (int i = 0; i < ids.Count; i++)
        {
            DocumentRules.ValidateId(ids[i], $"ids[{i}]");
            records[i] = LogRecord.Delete(ids[i], NextVersion());
        }

        return await AppendAsync(manifest, records, WriteTelemetry.Delete, cancellationToken);
    }

    public async Task<StoredDocument?> GetDocumentAsync(string name, string id, CancellationToken cancellationToken = default)
    {
        CollectionName.Validate(name);
        DocumentRules.ValidateId(id);
        CollectionReader reader = Reader(name);
        return await GuardedAsync(name, () => reader.GetDocumentAsync(id, cancellationToken), cancellationToken);
    }

    public async Task<CompactionResult> CompactAsync(string name, CancellationToken cancellationToken = default)
    {
        CollectionName.Validate(name);
        return await GuardedAsync(name, () => Compactor.CompactAsync(name, cancellationToken), cancellationToken);
    }

    public async Task<IReadOnlyList<CompactionResult>> CompactDueAsync(CancellationToken cancellationToken = default)
    {
        var results = new List<CompactionResult>();
        foreach (CollectionInfo collection in await ListAsync(cancellationToken))
        {
            try
            {
                CollectionManifest manifest = (await Manifests.ReadAsync(collection.Name, cancellationToken)).Manifest;
                bool retiredDue = manifest.Retired.Any(r => Storage.Time.GetUtcNow() - r.RetiredAt >= Storage.Options.GracePeriod);
                if (retiredDue || await Compactor.PendingLogBytesAsync(collection.Name, cancellationToken) > 0)
                {
                    results.Add(await CompactAsync(collection.Name, cancellationToken));
                }
            }
            catch (CollectionNotFoundException)
            {
                // Deleted while we looked.
            }
        }

        return results;
    }

    /// <summary>A cached, last-writer-wins reader of one collection (the same one stats and point reads use).</summary>
    public CollectionReader Reader(string name) => _readers.GetOrAdd(name, n => new CollectionReader(Storage, n));

    public void Dispose()
    {
        foreach (CollectionReader reader in _readers.Values)
        {
            reader.Dispose();
        }
    }

    private async Task<WriteReceipt> AppendAsync(CollectionManifest manifest, LogRecord[] records, string operation, CancellationToken cancellationToken)
    {
        string name = manifest.Name;
        using Activity? activity = WriteTelemetry.StartWrite(name, operation, records.Length);
        try
        {
            byte[] frames = LogRecordCodec.Encode(records);
            LogWriter writer = _writers.GetOrAdd(name, n => new LogWriter(Storage, n, manifest.CreatedAt));
            await GuardedAsync(name, () => writer.AppendAsync(frames, cancellationToken), cancellationToken);
            WriteTelemetry.Written(name, operation, records.Length);
            StartCompactionWhenDue(name, writer);
            return new WriteReceipt(records.Length, records[^1].Version.Timestamp);
        }
        catch (Exception exception)
        {
            VectronTelemetry.Failed(activity, exception);
            throw;
        }
    }

    private RecordVersion NextVersion() => new(Storage.Clock.Next(), Storage.WriterTag);

    /// <summary>The manifest as first seen by this instance: settings and incarnation (creation time) do not change.</summary>
    private async Task<CollectionManifest> ManifestAsync(string name, CancellationToken cancellationToken)
    {
        if (_knownManifests.TryGetValue(name, out CollectionManifest? cached))
        {
            return cached;
        }

        VersionedManifest manifest = await StorageFailures.GuardAsync(() => Manifests.ReadAsync(name, cancellationToken), cancellationToken);
        return _knownManifests[name] = manifest.Manifest;
    }

    /// <summary>This instance's own appends since its last trigger decide; the compactor's lease keeps it single.</summary>
    private void StartCompactionWhenDue(string name, LogWriter writer)
    {
        long mark = _compactionMarks.GetOrAdd(name, 0);
        if (writer.AppendedBytes - mark < Storage.Options.CompactionThresholdBytes
            || !_compactionMarks.TryUpdate(name, writer.AppendedBytes, mark))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await Compactor.CompactAsync(name);
            }
            catch (Exception ex) when (ex is RequestFailedException or CollectionNotFoundException or StorageUnavailableException or IOException)
            {
                LogBackgroundCompactionFailed(_logger, name, ex);
            }
        });
    }

    private async Task<T> GuardedAsync<T>(string name, Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await StorageFailures.GuardAsync(operation, cancellationToken);
        }
        catch (CollectionNotFoundException)
        {
            Forget(name);
            throw;
        }
    }

    private async Task GuardedAsync(string name, Func<Task> operation, CancellationToken cancellationToken)
    {
        await GuardedAsync(
            name,
            async () =>
            {
                await operation();
                return true;
            },
            cancellationToken);
    }

    private void Forget(string name)
    {
        _knownManifests.TryRemove(name, out _);
        _writers.TryRemove(name, out _);
        _compactionMarks.TryRemove(name, out _);

        // Dropped, not disposed: a concurrent request may still be inside this reader, and releasing its disposed gate
        // failed that request with a 500 (found by the hostile-input fuzzer). The gate holds no unmanaged resource.
        _readers.TryRemove(name, out _);
    }

    private async Task DeleteBlobsAsync(string name, CancellationToken cancellationToken)
    {
        await foreach (BlobItem item in Storage.Container.GetBlobsAsync(new GetBlobsOptions { Prefix = BlobLayout.CollectionPrefix(name) }, cancellationToken))
        {
            if (item.Name == BlobLayout.CompactionLock(name))
            {
                await BreakLeaseQuietlyAsync(item.Name, cancellationToken);
            }

            await Storage.Container.GetBlobClient(item.Name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
    }

    private async Task BreakLeaseQuietlyAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            await Storage.Container.GetBlobClient(blobName).GetBlobLeaseClient().BreakAsync(TimeSpan.Zero, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // No lease to break.
        }
    }

    private static CollectionInfo ToInfo(CollectionManifest manifest) => new(manifest.Name, manifest.Settings, manifest.CreatedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background compaction of '{Collection}' failed")]
    private static partial void LogBackgroundCompactionFailed(ILogger logger, string collection, Exception exception);
}
