using Azure;
using Azure.Storage.Blobs.Models;

namespace Vectron.Index.Storage;

/// <summary>
/// Reads what writers appended to a collection's logs since a reader last looked. The caller holds the positions;
/// only the bytes after them are downloaded (one range read per log that grew).
/// </summary>
public sealed class LogTailReader
{
    private readonly VectronStorage _storage;

    public LogTailReader(VectronStorage storage)
    {
        _storage = storage;
    }

    /// <summary>Lists a collection's log blobs with their current lengths.</summary>
    public Task<IReadOnlyList<LogBlobInfo>> ListLogsAsync(string collection, CancellationToken cancellationToken = default) =>
        StorageFailures.GuardAsync(
            async () => (await ListCoreAsync(BlobLayout.LogPrefix(collection), collection, cancellationToken)).Logs,
            cancellationToken);

    /// <summary>Lists the manifest and the logs of a collection in one request (see <see cref="CollectionListing"/>).</summary>
    public Task<CollectionListing> ListAsync(string collection, CancellationToken cancellationToken = default) =>
        StorageFailures.GuardAsync(
            () => ListCoreAsync(BlobLayout.CollectionPrefix(collection), collection, cancellationToken),
            cancellationToken);

    private async Task<CollectionListing> ListCoreAsync(string prefix, string collection, CancellationToken cancellationToken)
    {
        string manifest = BlobLayout.Manifest(collection);
        string logPrefix = BlobLayout.LogPrefix(collection);
        ETag? manifestETag = null;
        var logs = new List<LogBlobInfo>();
        try
        {
            await foreach (BlobItem item in _storage.Container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
            {
                if (item.Name == manifest)
                {
                    manifestETag = item.Properties.ETag;
                }
                else if (item.Name.StartsWith(logPrefix, StringComparison.Ordinal) && item.Name.EndsWith(BlobLayout.LogExtension, StringComparison.Ordinal))
                {
                    logs.Add(new LogBlobInfo(item.Name, item.Properties.ContentLength ?? 0, item.Properties.IsSealed ?? false, item.Properties.LastModified ?? DateTimeOffset.MinValue));
                }
            }
        }
        catch (RequestFailedException ex) when (StorageFailures.IsNotFound(ex))
        {
            // No container, no collection: the caller's manifest read says so in its own words.
        }

        return new CollectionListing(manifestETag, logs);
    }

    /// <summary>
    /// Reads the complete frames of <paramref name="blobName"/> between <paramref name="fromPosition"/> and
    /// <paramref name="toLength"/> (its listed length). A frame cut short or failing its CRC ends the read there;
    /// it is neither returned nor fatal, and the next call starts again at it.
    /// </summary>
    public async Task<LogTail> ReadAsync(string blobName, long fromPosition, long toLength, CancellationToken cancellationToken = default)
    {
        if (toLength <= fromPosition)
        {
            return new LogTail(blobName, fromPosition, fromPosition, [], FrameStop.End);
        }

        ReadOnlyMemory<byte> bytes;
        try
        {
            Response<BlobDownloadResult> response = await StorageFailures.GuardAsync(
                () => _storage.Container.GetBlobClient(blobName).DownloadContentAsync(
                    new BlobDownloadOptions { Range = new HttpRange(fromPosition, toLength - fromPosition) }, cancellationToken),
                cancellationToken);
            bytes = response.Value.Content.ToMemory();
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 416)
        {
            // 416: nothing past the position (Azurite answers 206 with no bytes instead). 404: retired meanwhile.
            return new LogTail(blobName, fromPosition, fromPosition, [], FrameStop.End);
        }

        FrameScan scan = LogRecordCodec.Decode(bytes.Span, fromPosition);
        return new LogTail(blobName, fromPosition, fromPosition + scan.ConsumedBytes, scan.Records, scan.Stop);
    }

    /// <summary>
    /// Reads every listed log that grew past its position. A log missing from <paramref name="positions"/> is read
    /// from <paramref name="defaultPosition"/> (usually the manifest's watermark).
    /// </summary>
    public async Task<IReadOnlyList<LogTail>> CatchUpAsync(
        IReadOnlyList<LogBlobInfo> logs,
        IReadOnlyDictionary<string, long> positions,
        Func<string, long> defaultPosition,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(defaultPosition);
        var reads = new List<Task<LogTail>>();
        foreach (LogBlobInfo log in logs)
        {
            long from = positions.TryGetValue(log.BlobName, out long at) ? at : defaultPosition(log.BlobName);
            if (log.Length > from)
            {
                reads.Add(ReadAsync(log.BlobName, from, log.Length, cancellationToken));
            }
        }

        return await Task.WhenAll(reads);
    }
}
