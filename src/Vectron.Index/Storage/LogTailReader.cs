using System.Buffers;
using Azure;
using Azure.Storage.Blobs.Models;

namespace Vectron.Index.Storage;

/// <summary>
/// Reads what writers appended to a collection's logs since a reader last looked. The caller holds the positions;
/// only the bytes after them are downloaded (one range read per log that grew).
/// </summary>
public sealed class LogTailReader
{
    // Listing entries beyond the expected logs: the change marker, the compaction lock, the manifest, and logs new since
    // the last look.
    private const int PageSlack = 8;

    // Bytes read and decoded at a time; a larger frame grows the buffer.
    private const int ChunkBytes = 1024 * 1024;

    private readonly VectronStorage _storage;

    public LogTailReader(VectronStorage storage)
    {
        _storage = storage;
    }

    /// <summary>Lists a collection's log blobs with their current lengths.</summary>
    public Task<IReadOnlyList<LogBlobInfo>> ListLogsAsync(string collection, CancellationToken cancellationToken = default) =>
        StorageFailures.GuardAsync(
            async () => (await ListCoreAsync(BlobLayout.LogPrefix(collection), collection, pageSize: null, cancellationToken)).Logs,
            cancellationToken);

    /// <summary>
    /// Lists the manifest and the logs of a collection in one request (see <see cref="CollectionListing"/>). Blobs
    /// list in name order, and a collection's logs and manifest sort before its segments, so the listing stops at the
    /// manifest: with <paramref name="expectedLogs"/> (how many logs the last listing found) the page holds them and the
    /// manifest but not the live and retired segments after them, which a strong query's catch-up never needs.
    /// </summary>
    public Task<CollectionListing> ListAsync(string collection, int? expectedLogs = null, CancellationToken cancellationToken = default) =>
        StorageFailures.GuardAsync(
            () => ListCoreAsync(BlobLayout.CollectionPrefix(collection), collection, expectedLogs + PageSlack, cancellationToken),
            cancellationToken);

    private async Task<CollectionListing> ListCoreAsync(string prefix, string collection, int? pageSize, CancellationToken cancellationToken)
    {
        string manifest = BlobLayout.Manifest(collection);
        string logPrefix = BlobLayout.LogPrefix(collection);
        ETag? manifestETag = null;
        var logs = new List<LogBlobInfo>();
        try
        {
            await foreach (Page<BlobItem> page in _storage.Container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).AsPages(pageSizeHint: pageSize))
            {
                bool reachedManifest = false;
                foreach (BlobItem item in page.Values)
                {
                    reachedManifest |= string.CompareOrdinal(item.Name, manifest) >= 0;
                    if (item.Name == manifest)
                    {
                        manifestETag = item.Properties.ETag;
                    }
                    else if (item.Name.StartsWith(logPrefix, StringComparison.Ordinal) && item.Name.EndsWith(BlobLayout.LogExtension, StringComparison.Ordinal))
                    {
                        logs.Add(new LogBlobInfo(item.Name, item.Properties.ContentLength ?? 0, item.Properties.IsSealed ?? false, item.Properties.LastModified ?? DateTimeOffset.MinValue));
                    }
                }

                if (reachedManifest)
                {
                    break;
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
            return Empty(blobName, fromPosition);
        }

        try
        {
            return await _storage.ReadRangeAsync(
                blobName,
                fromPosition,
                toLength - fromPosition,
                content => DecodeStreamAsync(blobName, content, fromPosition, toLength - fromPosition, cancellationToken),
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 416)
        {
            // 416: nothing past the position (Azurite answers 206 with no bytes instead). 404: retired meanwhile.
            return Empty(blobName, fromPosition);
        }
    }

    private static LogTail Empty(string blobName, long position) => new(blobName, position, position, [], FrameStop.End);

    // Decodes a chunk at a time, carrying a frame cut by the chunk's end over to the next: a whole tail in one buffer
    // (up to the compaction threshold, 32 MiB by default, which DownloadContentAsync's growing stream made up to
    // three times that) was the largest transient allocation of a compaction.
    private static async Task<LogTail> DecodeStreamAsync(string blobName, Stream content, long fromPosition, long length, CancellationToken cancellationToken)
    {
        var records = new List<PositionedRecord>();
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(length, ChunkBytes));
        int filled = 0;
        long consumed = 0;
        FrameStop stop;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // One frame is larger than the buffer: grow it to hold the frame whole.
                    byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, LogFormat.MaxAppendBytes + LogFormat.FrameHeaderBytes));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await content.ReadAtLeastAsync(buffer.AsMemory(filled), buffer.Length - filled, throwOnEndOfStream: false, cancellationToken);
                filled += read;
                FrameScan scan = LogRecordCodec.Decode(buffer.AsSpan(0, filled), fromPosition + consumed);
                records.AddRange(scan.Records);
                consumed += scan.ConsumedBytes;
                filled -= scan.ConsumedBytes;
                buffer.AsSpan(scan.ConsumedBytes, filled).CopyTo(buffer);
                if (scan.Stop == FrameStop.Corrupt || read == 0 || consumed + filled == length)
                {
                    stop = scan.Stop;
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new LogTail(blobName, fromPosition, fromPosition + consumed, records, stop);
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
