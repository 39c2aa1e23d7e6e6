using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Vectron.Index.Collections;
using Vectron.Index.Memory;

namespace Vectron.Index.Storage;

/// <summary>
/// Folds a collection's sealed segments and its logs (up to the lengths seen at the start) into new segments:
/// last-writer-wins per id, tombstoned rows dropped. The logs and tombstones are resolved in memory; the segments,
/// one ascending run of ids, are streamed through the merge one at a time into parts of
/// <see cref="VectronStorageOptions.MaxSegmentRows"/>, so memory holds one input and one output segment whatever the
/// collection's size. One compactor at a time per collection (a blob lease). The
/// manifest swap is a compare-and-swap; superseded blobs are only deleted by a later compaction once the grace period
/// has passed, because readers of the old manifest may still read them.
/// </summary>
public sealed class Compactor
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);
    private readonly VectronStorage _storage;
    private readonly ManifestStore _manifests;
    private readonly ChangeMarker _marker;
    private readonly LogTailReader _tails;
    private readonly SegmentReader _segments;

    public Compactor(VectronStorage storage)
    {
        _storage = storage;
        _manifests = new ManifestStore(storage);
        _marker = new ChangeMarker(storage);
        _tails = new LogTailReader(storage);
        _segments = new SegmentReader(storage);
    }

    /// <summary>Compacts <paramref name="collection"/> unless another compactor holds its lease.</summary>
    public async Task<CompactionResult> CompactAsync(string collection, CancellationToken cancellationToken = default)
    {
        await _manifests.ReadAsync(collection, cancellationToken);
        BlobLeaseClient? lease = await TryAcquireLeaseAsync(collection, cancellationToken);
        if (lease is null)
        {
            return CompactionResult.Skipped;
        }

        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task renewing = RenewUntilCancelledAsync(lease, renewal.Token);
        try
        {
            return await CompactUnderLeaseAsync(collection, cancellationToken);
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
            await ReleaseQuietlyAsync(lease);

            // Every segment and log was held in memory (decoded rows, the new segments' bytes).
            TransientMemory.Shared.ReleaseSoon();
        }
    }

    /// <summary>Log bytes not yet folded into segments (listing only; no data is read).</summary>
    public async Task<long> PendingLogBytesAsync(string collection, CancellationToken cancellationToken = default)
    {
        VersionedManifest current = await _manifests.ReadAsync(collection, cancellationToken);
        IReadOnlyList<LogBlobInfo> logs = await _tails.ListLogsAsync(collection, cancellationToken);
        return logs.Sum(log => Math.Max(0, log.Length - current.Manifest.Watermark(log.BlobName)));
    }

    private async Task<CompactionResult> CompactUnderLeaseAsync(string collection, CancellationToken cancellationToken)
    {
        VersionedManifest start = await _manifests.ReadAsync(collection, cancellationToken);
        CollectionManifest manifest = start.Manifest;
        IReadOnlyList<LogBlobInfo> logs = await _tails.ListLogsAsync(collection, cancellationToken);

        // A collection whose creation stopped before its marker was made gets one now; until then its readers list.
        await _marker.CreateAsync(collection, cancellationToken);

        // Everything but the segments' rows is small (the logs since the last compaction, retained tombstones), so it
        // is resolved in memory first; the segments, one sorted run of ids, are then streamed one at a time past it.
        var overrides = new Dictionary<string, LogRecord>(StringComparer.Ordinal);
        long bytesRead = 0;
        int merged = 0;
        IReadOnlyList<LogRecord>[] segmentTombstones = await Task.WhenAll(manifest.Segments.Select(s => _segments.ReadTombstonesAsync(s, cancellationToken)));
        foreach (LogRecord tombstone in segmentTombstones.SelectMany(t => t))
        {
            merged++;
            Offer(overrides, tombstone);
        }

        var watermarks = new Dictionary<string, long>(manifest.LogWatermarks, StringComparer.Ordinal);
        LogTail[] tails = await Task.WhenAll(logs.Select(log => _tails.ReadAsync(log.BlobName, manifest.Watermark(log.BlobName), log.Length, cancellationToken)));
        foreach (LogTail tail in tails)
        {
            bytesRead += tail.NextPosition - tail.FromPosition;
            watermarks[tail.BlobName] = tail.NextPosition;
            foreach (PositionedRecord record in tail.Records)
            {
                // A vector of another length can only come from a writer of a deleted earlier collection of this name.
                if (record.Record.IsDelete || record.Record.Vector.Length == manifest.Settings.Dimensions)
                {
                    merged++;
                    Offer(overrides, record.Record);
                }
            }
        }

        DateTimeOffset now = _storage.Time.GetUtcNow();
        long generation = manifest.Generation + 1;
        var output = new CompactionOutput(_storage, collection, generation, manifest.Settings.Dimensions, now);
        List<LogRecord> sortedOverrides = [.. overrides.Values.OrderBy(r => r.Id, StringComparer.Ordinal)];
        int nextOverride = 0;

        // The overrides whose ids sort before `id`, or every one left when `id` is null.
        async Task AddOverridesBeforeAsync(string? id)
        {
            while (nextOverride < sortedOverrides.Count && (id is null || string.CompareOrdinal(sortedOverrides[nextOverride].Id, id) < 0))
            {
                await output.AddAsync(sortedOverrides[nextOverride++], cancellationToken);
            }
        }

        string? previousId = null;
        var segmentBytes = new ReusableBuffer();
        for (int index = 0; index < manifest.Segments.Count; index++)
        {
            SegmentInfo segment = manifest.Segments[index];
            string[] ids = await _segments.ReadIdsAsync(segment, cancellationToken);
            if (ids.Length == 0)
            {
                continue;
            }

            CheckAscending(previousId, ids[0], segment);
            await AddOverridesBeforeAsync(ids[0]);

            previousId = ids[^1];
            bool untouched = nextOverride == sortedOverrides.Count || string.CompareOrdinal(sortedOverrides[nextOverride].Id, ids[^1]) > 0;
            // Kept as it is when nothing overrides its range; small parts are merged instead, so they do not pile up.
            if (untouched && segmentTombstones[index].Count == 0 && IsFullEnough(segment.Rows) && (output.PendingRows == 0 || IsFullEnough(output.PendingRows)))
            {
                await output.KeepAsync(segment, cancellationToken);
                merged += segment.Rows;
                continue;
            }

            (IReadOnlyList<LogRecord> rows, long length) = await ReadRowsAsync(segment, segmentBytes, cancellationToken);
            bytesRead += length;
            string? previousRow = null;
            foreach (LogRecord row in rows)
            {
                merged++;
                CheckAscending(previousRow, row.Id, segment);
                previousRow = row.Id;
                await AddOverridesBeforeAsync(row.Id);

                bool overridden = nextOverride < sortedOverrides.Count && sortedOverrides[nextOverride].Id == row.Id;
                await output.AddAsync(overridden && sortedOverrides[nextOverride].Version > row.Version ? sortedOverrides[nextOverride] : row, cancellationToken);
                nextOverride += overridden ? 1 : 0;
            }
        }

        await AddOverridesBeforeAsync(null);
        List<SegmentInfo> written = await output.CompleteAsync(cancellationToken);

        // Blobs retired longer than the grace period go before the swap: the current manifest no longer reads them,
        // and a log must be gone before its watermark is, or a reader of the new manifest would read it again from 0.
        // The marker moves first, so a reader that never learnt of the swap that retired them (its touch failed)
        // lists, and adopts the current manifest, before it could look for them.
        List<string> expired = [.. manifest.Retired.Where(r => now - r.RetiredAt >= _storage.Options.GracePeriod).Select(r => r.BlobName)];
        if (expired.Count > 0)
        {
            await _marker.TouchAsync(collection, cancellationToken);
        }

        IReadOnlySet<string> gone = await DeleteQuietlyAsync(expired, cancellationToken);
        var retired = manifest.Retired.Where(r => !gone.Contains(r.BlobName)).ToList();
        var kept = written.Select(s => s.BlobName).ToHashSet(StringComparer.Ordinal);
        retired.AddRange(manifest.Segments.Where(s => !kept.Contains(s.BlobName)).Select(s => new RetiredBlob(s.BlobName, now)));
        foreach (LogBlobInfo log in logs)
        {
            // A sealed log folded in to its end gets no more records; retire it (its watermark stays until deletion).
            if (log.IsSealed && watermarks[log.BlobName] == log.Length && !manifest.Retired.Any(r => r.BlobName == log.BlobName))
            {
                retired.Add(new RetiredBlob(log.BlobName, now));
            }
        }

        foreach (string name in gone)
        {
            watermarks.Remove(name);
        }

        CollectionManifest next = manifest with
        {
            Generation = generation,
            Segments = written,
            LogWatermarks = watermarks,
            Retired = retired,
        };
        VersionedManifest? swapped;
        try
        {
            // Only over the manifest this merge started from: same incarnation of the collection, same generation.
            swapped = await _manifests.UpdateAsync(
                collection,
                latest => latest.Generation == manifest.Generation && latest.CreatedAt == manifest.CreatedAt ? next : null,
                cancellationToken);
        }
        catch (CollectionNotFoundException)
        {
            await DeleteQuietlyAsync(output.Uploaded.Select(s => s.BlobName), CancellationToken.None);
            throw;
        }

        if (swapped is null)
        {
            await DeleteQuietlyAsync(output.Uploaded.Select(s => s.BlobName), CancellationToken.None);
            return CompactionResult.Skipped;
        }

        await SealIdleLogsAsync(logs, now, cancellationToken);
        return new CompactionResult(true, generation, output.Uploaded.Count, output.RowsWritten, merged, bytesRead, output.Uploaded.Sum(s => s.Bytes), gone.Count);
    }

    private bool IsFullEnough(int rows) => rows >= _storage.Options.MaxSegmentRows / 2;

    private static void CheckAscending(string? previous, string id, SegmentInfo segment)
    {
        if (previous is not null && string.CompareOrdinal(previous, id) >= 0)
        {
            throw new SegmentCorruptException(segment.BlobName, "segment ids are not one ascending run");
        }
    }

    // Every segment is read into the same buffer; only its decoded rows stay alive while they are merged.
    private async Task<(IReadOnlyList<LogRecord> Rows, long Bytes)> ReadRowsAsync(SegmentInfo segment, ReusableBuffer buffer, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> bytes = await _segments.ReadSegmentAsync(segment, buffer, cancellationToken);
        return (SegmentCodec.Decode(bytes.Span, segment.BlobName).Rows, bytes.Length);
    }

    /// <summary>Sealed now, retired by a later compaction once folded in to its (then final) end.</summary>
    private async Task SealIdleLogsAsync(IReadOnlyList<LogBlobInfo> logs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (LogBlobInfo log in logs.Where(l => !l.IsSealed && now - l.LastModified >= _storage.Options.IdleLogSealAfter))
        {
            try
            {
                await _storage.Container.GetAppendBlobClient(log.BlobName).SealAsync(cancellationToken: cancellationToken);
            }
            catch (RequestFailedException)
            {
                // Tried again by the next compaction.
            }
        }
    }

    private static void Offer(Dictionary<string, LogRecord> winners, LogRecord candidate)
    {
        if (!winners.TryGetValue(candidate.Id, out LogRecord? existing) || candidate.Version > existing.Version)
        {
            winners[candidate.Id] = candidate;
        }
    }

    private async Task<BlobLeaseClient?> TryAcquireLeaseAsync(string collection, CancellationToken cancellationToken)
    {
        BlobClient lockBlob = _storage.Container.GetBlobClient(BlobLayout.CompactionLock(collection));
        try
        {
            await lockBlob.UploadAsync(
                BinaryData.Empty,
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (StorageFailures.IsAlreadyExists(ex))
        {
            // The lock blob exists already; the lease on it is what counts.
        }

        BlobLeaseClient lease = lockBlob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken);
            return lease;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    private static async Task RenewUntilCancelledAsync(BlobLeaseClient lease, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(LeaseDuration / 3, cancellationToken);
                await lease.RenewAsync(cancellationToken: cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Compaction finished.
        }
        catch (RequestFailedException)
        {
            // Lost the lease: the manifest CAS still protects the swap.
        }
    }

    private static async Task ReleaseQuietlyAsync(BlobLeaseClient lease)
    {
        try
        {
            await lease.ReleaseAsync();
        }
        catch (RequestFailedException)
        {
            // It expires on its own.
        }
    }

    /// <summary>Deletes what it can; returns the names that are gone now (deleted, or already absent).</summary>
    private async Task<IReadOnlySet<string>> DeleteQuietlyAsync(IEnumerable<string> blobNames, CancellationToken cancellationToken)
    {
        var gone = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in blobNames)
        {
            try
            {
                await _storage.Container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
                gone.Add(name);
            }
            catch (RequestFailedException)
            {
                // Kept in the manifest's retired list and tried again by the next compaction; never fatal.
            }
        }

        return gone;
    }
}
