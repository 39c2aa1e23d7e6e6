using Vectron.Index.Collections;
using Vectron.Index.Search;
using Vectron.Index.Storage;

namespace Vectron.Index.Query;

/// <summary>
/// One collection as this instance's queries see it: a <see cref="CollectionReader"/> (which owns the
/// last-writer-wins rules) turned into what a scan needs: per segment a bitmap of live rows, and the log records
/// appended since the last compaction in growable <see cref="VectorBlock"/>s with their own live bitmaps. Catch-ups
/// are serialised; a query that arrives while one runs waits for the next one, and queries that arrive together
/// share it.
/// </summary>
internal sealed class CollectionView : IDisposable
{
    // Rows per log block: small enough that a sparse tail wastes little, large enough that blocks stay few.
    private const int LogBlockRows = 1024;

    private readonly CollectionReader _reader;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Log rows appended since the last manifest swap, found by record (the reader hands out the same instances).
    private readonly Dictionary<LogRecord, (LogBlock Block, int Row)> _logRows = new(ReferenceEqualityComparer.Instance);
    private List<LogBlock> _logBlocks = [];
    private CollectionManifest? _manifest;
    private long _seenVersion = -1;
    private volatile Published? _published;

    public CollectionView(VectronStorage storage, string collection)
    {
        _reader = new CollectionReader(storage, collection);
        _time = storage.Time;
    }

    /// <summary>
    /// The view to scan: after a catch-up that started after this call (strong), or the last one when it is younger
    /// than <paramref name="eventualInterval"/> (eventual).
    /// </summary>
    public async Task<(ViewState State, QueryFreshness Freshness)> CatchUpAsync(
        ConsistencyMode consistency, TimeSpan eventualInterval, CancellationToken cancellationToken)
    {
        long arrival = _time.GetTimestamp();
        if (consistency == ConsistencyMode.Eventual && IsRecent(_published, arrival, eventualInterval) is { } recent)
        {
            return (recent.State, new QueryFreshness(recent.AsOf, CaughtUp: false));
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            Published? last = _published;
            if (last is not null && last.Started > arrival)
            {
                // A catch-up that started after this query arrived finished while it waited: it sees every write
                // acknowledged before the query.
                return (last.State, new QueryFreshness(last.AsOf, CaughtUp: true));
            }

            if (consistency == ConsistencyMode.Eventual && IsRecent(last, arrival, eventualInterval) is { } shared)
            {
                return (shared.State, new QueryFreshness(shared.AsOf, CaughtUp: false));
            }

            long started = _time.GetTimestamp();
            DateTimeOffset asOf = _time.GetUtcNow();
            await _reader.RefreshAsync(cancellationToken);
            ViewState state = last is not null && _reader.Version == _seenVersion ? last.State : Build();
            _seenVersion = _reader.Version;
            _published = new Published(state, asOf, started, Settled: last is not null && ReferenceEquals(state, last.State));
            return (state, new QueryFreshness(asOf, CaughtUp: true));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The state of the last catch-up when that catch-up found nothing new (so the collection is probably still the
    /// same): a strong query may scan it while its own catch-up runs, and keep the answer if the catch-up returns
    /// this very state. Null before that, or when the last catch-up changed the view.
    /// </summary>
    public ViewState? SettledState => _published is { Settled: true } published ? published.State : null;

    public void Dispose()
    {
        _gate.Dispose();
        _reader.Dispose();
    }

    private Published? IsRecent(Published? published, long now, TimeSpan interval) =>
        published is not null && _time.GetElapsedTime(published.Started, now) < interval ? published : null;

    private ViewState Build()
    {
        CollectionSnapshot snapshot = _reader.Snapshot();
        int dimensions = snapshot.Manifest.Settings.Dimensions;
        if (!ReferenceEquals(snapshot.Manifest, _manifest))
        {
            // Compaction folded log records into new segments: start the log blocks afresh. Blocks of the old state
            // stay valid for searches still scanning them.
            _logRows.Clear();
            _logBlocks = [];
            _manifest = snapshot.Manifest;
        }

        foreach (LogRecord record in snapshot.LiveLogRecords)
        {
            if (record.Vector.Length == dimensions && !_logRows.ContainsKey(record))
            {
                Append(record, dimensions);
            }
        }

        // Sized to capacity, so rows appended after this state was built are not live in it.
        var logLive = new Dictionary<LogBlock, RowBitmap>(ReferenceEqualityComparer.Instance);
        foreach (LogBlock block in _logBlocks)
        {
            logLive[block] = new RowBitmap(block.Rows.Capacity);
        }

        foreach (LogRecord record in snapshot.LiveLogRecords)
        {
            if (_logRows.TryGetValue(record, out (LogBlock Block, int Row) at))
            {
                logLive[at.Block][at.Row] = true;
            }
        }

        var segments = new List<SegmentView>(snapshot.Segments.Count);
        foreach (SegmentSnapshot segment in snapshot.Segments)
        {
            var live = new RowBitmap(segment.LiveRows.Count);
            for (int row = 0; row < segment.LiveRows.Count; row++)
            {
                live[row] = segment.LiveRows[row];
            }

            // A segment with every row live needs no bitmap: the scan then skips intersecting one per query.
            int liveCount = live.CountSet();
            segments.Add(new SegmentView(segment.Segment, segment.Ids, liveCount == live.Length ? null : live, liveCount));
        }

        var logBlocks = _logBlocks.Select(b => new LogBlockView(b.Rows, b.Records, logLive[b])).ToList();
        return new ViewState(snapshot.Manifest.Settings, segments, logBlocks);
    }

    private void Append(LogRecord record, int dimensions)
    {
        if (_logBlocks.Count == 0 || _logBlocks[^1].Rows.Count == LogBlockRows)
        {
            _logBlocks.Add(new LogBlock(new VectorBlock(dimensions, LogBlockRows), new LogRecord[LogBlockRows]));
        }

        LogBlock block = _logBlocks[^1];
        int row = block.Rows.Count;
        block.Records[row] = record;
        MetadataJson.AppendRow(block.Rows, record.Id, record.Vector, record.Metadata);
        _logRows[record] = (block, row);
    }

    private sealed record Published(ViewState State, DateTimeOffset AsOf, long Started, bool Settled);

    private sealed record LogBlock(VectorBlock Rows, LogRecord[] Records);
}

/// <summary>What one catch-up resolved: immutable, shared by every query that scans it.</summary>
internal sealed record ViewState(CollectionSettings Settings, IReadOnlyList<SegmentView> Segments, IReadOnlyList<LogBlockView> LogBlocks)
{
    public int Dimensions => Settings.Dimensions;
}

/// <summary>A sealed segment, its row ids, and which rows are live (<c>null</c> when all are).</summary>
internal sealed record SegmentView(SegmentInfo Info, IReadOnlyList<string> Ids, RowBitmap? LiveRows, int LiveCount);

/// <summary>A block of log rows, the record behind each row (for metadata and text), and which rows are live.</summary>
internal sealed record LogBlockView(VectorBlock Rows, IReadOnlyList<LogRecord> Records, RowBitmap LiveRows);
