using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Vectron.Index.Collections;
using Vectron.Index.Telemetry;

namespace Vectron.Index.Storage;

/// <summary>
/// This instance's write-ahead log for one collection. Concurrent appends are group-committed: they queue, and one
/// flusher sends as many as fit in 4 MiB as a single <c>AppendBlock</c>; each caller returns when its block has landed.
/// Only this writer appends to the blobs it created (<c>If-None-Match: *</c>), and every append is guarded by
/// <c>AppendPosition</c>. The log rolls to a new blob at <see cref="VectronStorageOptions.LogRollBytes"/>. A block is
/// acknowledged once it has landed and the collection's <see cref="ChangeMarker"/> has been touched after it, so a
/// strong reader that finds the marker unchanged has seen every acknowledged write.
/// </summary>
public sealed class LogWriter
{
    private readonly VectronStorage _storage;
    private readonly string _collection;
    private readonly ChangeMarker _marker;
    private readonly DateTimeOffset _createdAt;
    private readonly Lock _gate = new();
    private readonly Queue<PendingAppend> _queue = new();
    private bool _flushing;
    private string? _blobName;
    private long _length;
    private int _blocks;
    private int _sequence = -1;
    private long _appendedBytes;

    /// <param name="storage">This instance's storage.</param>
    /// <param name="collection">The collection the log belongs to.</param>
    /// <param name="createdAt">When the collection was created: a collection deleted and created again under the same
    /// name is another collection, and this writer must not start logs in it.</param>
    public LogWriter(VectronStorage storage, string collection, DateTimeOffset createdAt)
    {
        _storage = storage;
        _collection = collection;
        _marker = new ChangeMarker(storage);
        _createdAt = createdAt;
    }

    /// <summary>Bytes this writer has appended since it started (all of its logs).</summary>
    public long AppendedBytes => Interlocked.Read(ref _appendedBytes);

    /// <summary>
    /// Appends one block of frames (at most <see cref="LogFormat.MaxAppendBytes"/>) and returns once it is durable.
    /// </summary>
    public async Task AppendAsync(byte[] frames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Length > LogFormat.MaxAppendBytes)
        {
            throw new VectronValidationException("documents", $"The batch encodes to {frames.Length} bytes; one append holds at most {LogFormat.MaxAppendBytes}. Send fewer or smaller documents.");
        }

        var pending = new PendingAppend(frames);
        bool lead;
        lock (_gate)
        {
            _queue.Enqueue(pending);
            lead = !_flushing;
            _flushing = true;
        }

        if (lead)
        {
            _ = Task.Run(FlushLoopAsync, CancellationToken.None);
        }

        // A caller that gives up does not withdraw its frames: they may still land, which a replay makes harmless.
        await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushLoopAsync()
    {
        while (true)
        {
            List<PendingAppend> group = [];
            int bytes = 0;
            lock (_gate)
            {
                while (_queue.TryPeek(out PendingAppend? next) && bytes + next.Frames.Length <= LogFormat.MaxAppendBytes)
                {
                    group.Add(_queue.Dequeue());
                    bytes += next.Frames.Length;
                }

                if (group.Count == 0)
                {
                    _flushing = false;
                    return;
                }
            }

            byte[] block = group.Count == 1 ? group[0].Frames : Concatenate(group, bytes);
            try
            {
                long started = Stopwatch.GetTimestamp();
                await AppendBlockAsync(block);
                WriteTelemetry.Appended(_collection, block.Length, started);
                Interlocked.Add(ref _appendedBytes, block.Length);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Fail(group, ex);
                continue;
            }

            // Only this group's acknowledgement waits for the touch; the next group's append goes out meanwhile.
            _ = AcknowledgeAfterTouchAsync(group);
        }
    }

    private async Task AcknowledgeAfterTouchAsync(List<PendingAppend> group)
    {
        try
        {
            await _marker.TouchAsync(_collection);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Landed but not acknowledged, like an append whose answer was lost: the caller may retry, which is harmless.
            Fail(group, ex);
            return;
        }

        foreach (PendingAppend pending in group)
        {
            pending.Completion.TrySetResult();
        }
    }

    private static void Fail(List<PendingAppend> group, Exception ex)
    {
        foreach (PendingAppend pending in group)
        {
            pending.Completion.TrySetException(ex);
        }
    }

    private async Task AppendBlockAsync(byte[] block)
    {
        const int attempts = 3;
        for (int attempt = 1; ; attempt++)
        {
            if (_blobName is null || _length + block.Length > _storage.Options.LogRollBytes || _blocks >= LogFormat.MaxBlocksPerLog)
            {
                await RollAsync();
            }

            AppendBlobClient log = _storage.Container.GetAppendBlobClient(_blobName);
            try
            {
                using var content = new MemoryStream(block, writable: false);
                Response<BlobAppendInfo> appended = await log.AppendBlockAsync(
                    content,
                    new AppendBlobAppendBlockOptions { Conditions = new AppendBlobRequestConditions { IfAppendPositionEqual = _length } });
                _length = long.Parse(appended.Value.BlobAppendOffset, CultureInfo.InvariantCulture) + block.Length;
                _blocks = appended.Value.BlobCommittedBlockCount;
                return;
            }
            catch (RequestFailedException ex) when (StorageFailures.IsConditionFailed(ex) && attempt < attempts)
            {
                // The SDK may have retried an append whose first try landed but whose answer was lost.
                if (await LandedAsync(log, block))
                {
                    _length += block.Length;
                    _blocks++;
                    return;
                }

                _blobName = null;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 409 && attempt < attempts)
            {
                // Sealed (by a roll elsewhere) or deleted (with its collection): start a new log, which checks the collection.
                _blobName = null;
            }
        }
    }

    private async Task<bool> LandedAsync(AppendBlobClient log, byte[] block)
    {
        try
        {
            Response<BlobDownloadResult> tail = await log.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(_length, block.Length) });
            return tail.Value.Content.ToMemory().Span.SequenceEqual(block);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 416)
        {
            return false;
        }
    }

    private async Task RollAsync()
    {
        if (_blobName is not null)
        {
            // Sealed logs that compaction has fully folded in can be retired.
            await SealQuietlyAsync(_blobName);
        }

        // A new log is only started for a collection that still exists.
        if (await new ManifestStore(_storage).TryReadAsync(_collection) is not { } current || current.Manifest.CreatedAt != _createdAt)
        {
            throw new CollectionNotFoundException(_collection);
        }

        while (true)
        {
            _sequence++;
            string name = BlobLayout.Log(_collection, _storage.Options.WriterId, _sequence);
            try
            {
                await _storage.Container.GetAppendBlobClient(name).CreateAsync(
                    new AppendBlobCreateOptions { Conditions = new AppendBlobRequestConditions { IfNoneMatch = ETag.All } });
                _blobName = name;
                _length = 0;
                _blocks = 0;
                return;
            }
            catch (RequestFailedException ex) when (StorageFailures.IsAlreadyExists(ex))
            {
                // A previous process with the same writer id left this one; take the next sequence number.
            }
        }
    }

    private async Task SealQuietlyAsync(string blobName)
    {
        try
        {
            await _storage.Container.GetAppendBlobClient(blobName).SealAsync();
        }
        catch (RequestFailedException)
        {
            // Best effort: an unsealed full log is only kept longer, never misread.
        }
    }

    private static byte[] Concatenate(List<PendingAppend> group, int bytes)
    {
        var block = new byte[bytes];
        int at = 0;
        foreach (PendingAppend pending in group)
        {
            pending.Frames.CopyTo(block, at);
            at += pending.Frames.Length;
        }

        return block;
    }

    private sealed class PendingAppend(byte[] frames)
    {
        public byte[] Frames { get; } = frames;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
