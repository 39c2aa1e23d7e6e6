using System.Text;
using Azure;
using Vectron.Index.Collections;

namespace Vectron.Index.Storage;

/// <summary>
/// An in-memory, last-writer-wins view of one collection: the ids, versions and tombstones of its sealed segments
/// plus every log record appended since the manifest's watermarks. <see cref="RefreshAsync"/> catches up: one HEAD of the
/// <see cref="ChangeMarker"/> when nothing changed; otherwise one listing, the manifest only when it changed, then only
/// the log bytes appended since the last look. When compaction swapped the manifest, records it folded into the new
/// segments are dropped and the view is rebuilt, so answers stay the same across the swap. Not for concurrent use
/// except through <see cref="RefreshAsync"/> and <see cref="GetDocumentAsync"/>, which serialise themselves.
/// </summary>
public sealed class CollectionReader : IDisposable
{
    private readonly HybridLogicalClock _clock;
    private readonly string _collection;
    private readonly ManifestStore _manifests;
    private readonly LogTailReader _tails;
    private readonly ChangeMarker _marker;
    private readonly SegmentReader _segments;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, long> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PositionedRecord>> _logRecords = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private Dictionary<string, LoadedSegment> _loaded = new(StringComparer.Ordinal);
    private VersionedManifest? _manifest;
    private int? _listedLogs;

    // The marker's ETag as read before the last listing this reader applied: while the marker keeps it, nothing has
    // been acknowledged since that listing.
    private ETag? _listedAfterMarker;

    // The last catch-up found something new, so the next one lists at once instead of asking the marker first: a
    // collection being written costs one request per catch-up, not two.
    private bool _changing = true;

    public CollectionReader(VectronStorage storage, string collection)
    {
        CollectionName.Validate(collection);
        ArgumentNullException.ThrowIfNull(storage);
        _clock = storage.Clock;
        _collection = collection;
        _manifests = new ManifestStore(storage);
        _tails = new LogTailReader(storage);
        _marker = new ChangeMarker(storage);
        _segments = new SegmentReader(storage);
    }

    /// <summary>The manifest of the last refresh.</summary>
    public CollectionManifest? Manifest => _manifest?.Manifest;

    /// <summary>Changes whenever a refresh changed the view, so a caller can keep what it derived from a snapshot until then.</summary>
    public long Version { get; private set; }

    /// <summary>Live documents (tombstones excluded).</summary>
    public int Count => _entries.Values.Count(e => !e.Deleted);

    /// <summary>Ids of live documents.</summary>
    public IEnumerable<string> LiveIds => _entries.Where(e => !e.Value.Deleted).Select(e => e.Key);

    /// <summary>The winning version of <paramref name="id"/>, and whether it is a delete.</summary>
    public bool TryGetVersion(string id, out RecordVersion version, out bool deleted)
    {
        bool found = _entries.TryGetValue(id, out Entry entry);
        version = entry.Version;
        deleted = entry.Deleted;
        return found;
    }

    /// <summary>The view of the last refresh, resolved for a scan (see <see cref="CollectionSnapshot"/>).</summary>
    public CollectionSnapshot Snapshot()
    {
        CollectionManifest manifest = Manifest ?? throw new InvalidOperationException("Call RefreshAsync first.");
        var liveRows = _loaded.Values.ToDictionary(s => s.Info.BlobName, s => new bool[s.Ids.Length], StringComparer.Ordinal);
        var liveRecords = new List<LogRecord>();
        foreach (Entry entry in _entries.Values)
        {
            if (entry.Deleted)
            {
                continue;
            }

            if (entry.Record is { } record)
            {
                liveRecords.Add(record);
            }
            else
            {
                liveRows[entry.Segment!.BlobName][entry.Row] = true;
            }
        }

        return new CollectionSnapshot(
            manifest,
            manifest.Segments.Select(s => new SegmentSnapshot(s, liveRows[s.BlobName], _loaded[s.BlobName].Ids)).ToList(),
            liveRecords);
    }

    /// <summary>Catches up with the manifest and with every log.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await RefreshCoreAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Refreshes, then returns the live document or null when it is absent or deleted.</summary>
    public async Task<StoredDocument?> GetDocumentAsync(string id, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await RefreshCoreAsync(cancellationToken);
            if (!_entries.TryGetValue(id, out Entry entry) || entry.Deleted)
            {
                return null;
            }

            if (entry.Record is { } record)
            {
                return new StoredDocument(record.Id, record.Vector, Utf8OrNull(record.Metadata), Utf8OrNull(record.Text), record.Version);
            }

            SegmentInfo segment = entry.Segment!;
            Task<IReadOnlyList<SegmentDocument>> documents = _segments.ReadDocumentsAsync(segment, [entry.Row], cancellationToken: cancellationToken);
            Task<float[]> vector = _segments.ReadVectorAsync(segment, entry.Row, cancellationToken);
            SegmentDocument document = (await documents)[0];
            return new StoredDocument(document.Id, await vector, document.MetadataJson, document.TextString, entry.Version);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task RefreshCoreAsync(CancellationToken cancellationToken)
    {
        // The marker is read before the listing, never beside it: a writer touches it after its append landed, so the
        // listing then holds every append whose touch that read saw.
        bool askedMarker = !_changing;
        ETag? marker = null;
        if (askedMarker)
        {
            marker = await _marker.ReadAsync(_collection, cancellationToken);
            if (marker is { } unchanged && unchanged == _listedAfterMarker)
            {
                return;
            }
        }

        // One listing says whether the manifest changed and how far each log grew. Listing before reading the manifest
        // loses nothing: a log is deleted only a grace period after a manifest that holds its records was committed, so
        // a log missing from the listing (or deleted before its tail is read, which then reads as empty) is covered by
        // the manifest as listed or as read after it.
        CollectionListing listing = await _tails.ListAsync(_collection, _listedLogs, cancellationToken);
        _listedLogs = listing.Logs.Count;
        bool swapped = _manifest is null || !listing.ManifestIs(_manifest.ETag);
        if (swapped)
        {
            await AdoptAsync(await _manifests.ReadAsync(_collection, cancellationToken), cancellationToken);
        }

        CollectionManifest current = _manifest!.Manifest;
        IReadOnlyList<LogTail> tails = await _tails.CatchUpAsync(listing.Logs, _positions, current.Watermark, cancellationToken);
        _changing = swapped || tails.Any(t => t.Records.Count > 0);
        if (askedMarker)
        {
            _listedAfterMarker = marker;
        }

        foreach (LogTail tail in tails)
        {
            _positions[tail.BlobName] = tail.NextPosition;
            if (!_logRecords.TryGetValue(tail.BlobName, out List<PositionedRecord>? records))
            {
                _logRecords[tail.BlobName] = records = [];
            }

            records.AddRange(tail.Records);
            if (tail.Records.Count > 0)
            {
                Version++;
            }

            if (!swapped)
            {
                foreach (PositionedRecord record in tail.Records)
                {
                    Offer(record.Record.Id, new Entry(record.Record));
                }
            }
        }

        if (swapped)
        {
            Rebuild();
            Version++;
        }
    }

    private async Task AdoptAsync(VersionedManifest current, CancellationToken cancellationToken)
    {
        var loaded = new Dictionary<string, LoadedSegment>(StringComparer.Ordinal);
        var loads = new List<Task<LoadedSegment>>();
        foreach (SegmentInfo segment in current.Manifest.Segments)
        {
            if (_loaded.TryGetValue(segment.BlobName, out LoadedSegment? known))
            {
                loaded[segment.BlobName] = known;
            }
            else
            {
                loads.Add(LoadSegmentAsync(segment, cancellationToken));
            }
        }

        foreach (LoadedSegment segment in await Task.WhenAll(loads))
        {
            loaded[segment.Info.BlobName] = segment;
        }

        _loaded = loaded;
        if (_manifest is not null && _manifest.Manifest.CreatedAt != current.Manifest.CreatedAt)
        {
            // The collection was deleted and created again: nothing read from the old one applies.
            _logRecords.Clear();
            _positions.Clear();
        }

        foreach ((string log, List<PositionedRecord> records) in _logRecords)
        {
            long watermark = current.Manifest.Watermark(log);
            records.RemoveAll(r => r.Offset < watermark);
            _positions[log] = Math.Max(_positions.GetValueOrDefault(log), watermark);
        }

        _manifest = current;
    }

    private async Task<LoadedSegment> LoadSegmentAsync(SegmentInfo segment, CancellationToken cancellationToken)
    {
        Task<string[]> ids = _segments.ReadIdsAsync(segment, cancellationToken);
        Task<RecordVersion[]> versions = _segments.ReadVersionsAsync(segment, cancellationToken);
        Task<IReadOnlyList<LogRecord>> tombstones = _segments.ReadTombstonesAsync(segment, cancellationToken);
        return new LoadedSegment(segment, await ids, await versions, await tombstones);
    }

    private void Rebuild()
    {
        _entries.Clear();
        foreach (LoadedSegment segment in _loaded.Values)
        {
            for (int row = 0; row < segment.Ids.Length; row++)
            {
                Offer(segment.Ids[row], new Entry(segment.Versions[row], false, null, segment.Info, row));
            }

            foreach (LogRecord tombstone in segment.Tombstones)
            {
                Offer(tombstone.Id, new Entry(tombstone));
            }
        }

        foreach (List<PositionedRecord> records in _logRecords.Values)
        {
            foreach (PositionedRecord record in records)
            {
                Offer(record.Record.Id, new Entry(record.Record));
            }
        }
    }

    private void Offer(string id, Entry candidate)
    {
        // A write this instance makes after seeing another writer's version must order after it, even if our wall
        // clock is behind theirs.
        _clock.Observe(candidate.Version.Timestamp);
        if (!_entries.TryGetValue(id, out Entry existing) || candidate.Version > existing.Version)
        {
            _entries[id] = candidate;
        }
    }

    private static string? Utf8OrNull(byte[] bytes) => bytes.Length == 0 ? null : Encoding.UTF8.GetString(bytes);

    private sealed record LoadedSegment(SegmentInfo Info, string[] Ids, RecordVersion[] Versions, IReadOnlyList<LogRecord> Tombstones);

    private readonly record struct Entry(RecordVersion Version, bool Deleted, LogRecord? Record, SegmentInfo? Segment, int Row)
    {
        public Entry(LogRecord record)
            : this(record.Version, record.IsDelete, record, null, -1)
        {
        }
    }
}
