using System.Diagnostics.Metrics;
using Vectron.Index.Telemetry;

namespace Vectron.Index.Query;

/// <summary>
/// This instance's cache of decoded segment parts under a byte budget, least recently used first out. Entries are
/// keyed by blob name + ETag (a segment never changes, a rewritten one has a new ETag), so a stale entry is never
/// served; it just ages out. Concurrent first requests for a part share one load. An entry evicted while a search
/// still uses it stays valid for that search: the search holds a reference and the memory is managed.
/// </summary>
public sealed class SegmentCache
{
    private readonly object _lock = new();
    private readonly Dictionary<SegmentPartKey, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private readonly Dictionary<SegmentPartKey, Task<object>> _loading = [];
    private long _bytesHeld;
    private long _loads;
    private long _evictions;

    /// <param name="budgetBytes">The most bytes the cache holds at any time.</param>
    public SegmentCache(long budgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        BudgetBytes = budgetBytes;
    }

    public long BudgetBytes { get; }

    /// <summary>Estimated bytes of the entries held now; never above <see cref="BudgetBytes"/>.</summary>
    public long BytesHeld => Interlocked.Read(ref _bytesHeld);

    /// <summary>Loads started since the cache was created (a shared load counts once).</summary>
    public long Loads => Interlocked.Read(ref _loads);

    public long Evictions => Interlocked.Read(ref _evictions);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Whether the part is held now (marks it recently used).</summary>
    public bool TryGet<T>(SegmentPartKey key, out T value)
        where T : class
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out LinkedListNode<Entry>? node))
            {
                Touch(node);
                value = (T)node.Value.Value;
                return true;
            }
        }

        value = null!;
        return false;
    }

    /// <summary>
    /// The cached part, or the result of <paramref name="load"/> (value and its estimated bytes), run once however
    /// many callers ask at the same time. The load runs to completion even if a caller stops waiting, so the others
    /// still get it. A part larger than the whole budget is returned but not kept.
    /// </summary>
    public async Task<T> GetOrLoadAsync<T>(SegmentPartKey key, Func<Task<(T Value, long Bytes)>> load, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(load);
        Task<object> pending;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out LinkedListNode<Entry>? node))
            {
                Touch(node);
                CountHit(key.Part);
                return (T)node.Value.Value;
            }

            Record(VectronTelemetry.CacheMisses, key.Part);
            if (!_loading.TryGetValue(key, out pending!))
            {
                _loads++;
                Record(VectronTelemetry.CacheLoads, key.Part);
                pending = LoadAndAddAsync(key, load);
                _loading[key] = pending;
            }
        }

        return (T)await pending.WaitAsync(cancellationToken);
    }

    /// <summary>Drops a part, e.g. when a fuller version of it replaced it.</summary>
    public void Remove(SegmentPartKey key)
    {
        lock (_lock)
        {
            if (_entries.Remove(key, out LinkedListNode<Entry>? node))
            {
                _recency.Remove(node);
                _bytesHeld -= node.Value.Bytes;
            }
        }
    }

    private async Task<object> LoadAndAddAsync<T>(SegmentPartKey key, Func<Task<(T Value, long Bytes)>> load)
        where T : class
    {
        // Yield first so the load never runs under the caller's lock.
        await Task.Yield();
        try
        {
            (T value, long bytes) = await load();
            lock (_lock)
            {
                Add(key, value, bytes);
            }

            return value;
        }
        finally
        {
            lock (_lock)
            {
                _loading.Remove(key);
            }
        }
    }

    private void Add(SegmentPartKey key, object value, long bytes)
    {
        if (bytes > BudgetBytes || _entries.ContainsKey(key))
        {
            return;
        }

        while (_bytesHeld + bytes > BudgetBytes)
        {
            LinkedListNode<Entry> oldest = _recency.Last!;
            _recency.RemoveLast();
            _entries.Remove(oldest.Value.Key);
            _bytesHeld -= oldest.Value.Bytes;
            _evictions++;
            Record(VectronTelemetry.CacheEvictions, oldest.Value.Key.Part);
        }

        _entries[key] = _recency.AddFirst(new Entry(key, value, bytes));
        _bytesHeld += bytes;
    }

    /// <summary>
    /// Counts a lookup served from the cache in <see cref="VectronTelemetry.CacheHits"/>. <see cref="GetOrLoadAsync"/>
    /// counts its own; a caller whose <see cref="TryGet"/> replaced one calls this (plain <see cref="TryGet"/> does not
    /// count, so probing for a fuller part first does not add a miss).
    /// </summary>
    public static void CountHit(SegmentPart part) => Record(VectronTelemetry.CacheHits, part);

    private static void Record(Counter<long> counter, SegmentPart part)
    {
        if (counter.Enabled)
        {
            counter.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Part, PartTag(part)));
        }
    }

    private static string PartTag(SegmentPart part) => part switch
    {
        SegmentPart.Vectors => "vectors",
        SegmentPart.VectorsWithMetadata => "vectors_with_metadata",
        SegmentPart.DocumentOffsets => "document_offsets",
        SegmentPart.Codes => "codes",
        SegmentPart.CodesWithMetadata => "codes_with_metadata",
        _ => "unknown",
    };

    private void Touch(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _recency.AddFirst(node);
    }

    private sealed record Entry(SegmentPartKey Key, object Value, long Bytes);
}

/// <summary>Which decoded part of which version of a segment blob.</summary>
public readonly record struct SegmentPartKey(string BlobName, string ETag, SegmentPart Part);

/// <summary>The parts of a segment the query path holds.</summary>
public enum SegmentPart
{
    /// <summary>Vectors and ids: all an unfiltered scan needs.</summary>
    Vectors = 0,

    /// <summary>Vectors, ids and every row's metadata, for filtered scans; replaces <see cref="Vectors"/>.</summary>
    VectorsWithMetadata = 1,

    /// <summary>Document offsets, so each top-k document costs one range read.</summary>
    DocumentOffsets = 2,

    /// <summary>Int8 and binary codes and ids, no float32 vectors: a fast scan's part when the collection's vectors
    /// do not fit the cache (<see cref="QueryOptions.CacheVectors"/>).</summary>
    Codes = 3,

    /// <summary>Codes, ids and every row's metadata, for filtered fast scans; replaces <see cref="Codes"/>.</summary>
    CodesWithMetadata = 4,
}
