using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.AI;
using Vectron.Index.Collections;
using Vectron.Index.Embedding;
using Vectron.Index.Memory;
using Vectron.Index.Search;
using Vectron.Index.Storage;
using Vectron.Index.Telemetry;

namespace Vectron.Index.Query;

/// <summary>
/// The query path over blob storage: embed the query text (if any) while catching up (as the query's consistency
/// asks), load the vector blocks a scan
/// needs into the <see cref="SegmentCache"/>, scan with <see cref="VectorSearcher"/> (filters and live rows applied
/// during the scan), then fetch what <c>include</c> asked for, for the final top-k only. One per process.
/// </summary>
public sealed class VectronQueryService : IVectronQueryService, IDisposable
{
    private readonly VectronStorage _storage;
    private readonly QueryOptions _options;
    private readonly SegmentReader _segments;
    private readonly ConcurrentDictionary<string, Lazy<CollectionView>> _views = new(StringComparer.Ordinal);
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _generator;
    private readonly EmbeddingModel? _model;

    /// <param name="storage">The collections' storage.</param>
    /// <param name="options">Cache budget, search settings, consistency interval.</param>
    /// <param name="generator">Embeds query texts; <c>null</c> when this instance takes vector queries only.</param>
    public VectronQueryService(VectronStorage storage, QueryOptions options, IEmbeddingGenerator<string, Embedding<float>>? generator = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _storage = storage;
        _options = options;
        _generator = generator;
        _model = generator is null ? null : EmbeddingModel.Of(generator);
        _segments = new SegmentReader(storage);
        Cache = new SegmentCache(options.CacheBytes);
        CacheGauges.Add(Cache);
    }

    /// <summary>This instance's segment cache (bytes held, loads, evictions).</summary>
    public SegmentCache Cache { get; }

    /// <inheritdoc/>
    public async Task<QueryResult> QueryAsync(string collection, VectorQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        QueryRules.ValidateInput(query.Text, !query.Vector.IsEmpty);
        if (query.Text is not null && _generator is null)
        {
            throw new VectronValidationException("text", "This server has no embedding model; send 'vector'.");
        }

        if (query.TopK is < 1 or > VectorSearcher.MaxTopK)
        {
            throw new VectronValidationException("topK", $"topK must be between 1 and {VectorSearcher.MaxTopK}.");
        }

        if (query.Oversample is { } oversample && !SearchOptions.IsValidOversample(oversample))
        {
            throw new VectronValidationException("oversample", $"oversample must be between 1 and {SearchOptions.MaxOversample}.");
        }

        if (query.Mode is { } mode && !Enum.IsDefined(mode))
        {
            throw new VectronValidationException("mode", "mode must be exact or fast.");
        }

        using Activity? activity = QueryTelemetry.StartQuery(collection, query);
        try
        {
            QueryResult result = await RunQueryAsync(collection, query, cancellationToken);
            QueryTelemetry.Completed(activity, collection, query, result);
            return result;
        }
        catch (Exception exception)
        {
            VectronTelemetry.Failed(activity, exception);
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task<WarmUpResult> WarmUpAsync(string collection, CancellationToken cancellationToken = default)
    {
        long start = Stopwatch.GetTimestamp();
        (ViewState state, _) = await CatchUpAsync(collection, ConsistencyMode.Strong, cancellationToken);
        (List<SearchBlock> blocks, _) = await LoadBlocksAsync(state, withMetadata: false, cancellationToken);
        return new WarmUpResult(state.Segments.Count, blocks.Sum(b => b.Block.Count), Stopwatch.GetElapsedTime(start));
    }

    public void Dispose()
    {
        foreach (Lazy<CollectionView> view in _views.Values)
        {
            if (view.IsValueCreated)
            {
                view.Value.Dispose();
            }
        }
    }

    private async Task<QueryResult> RunQueryAsync(string collection, VectorQuery query, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();

        // The embedding and the catch-up start together and overlap; the catch-up still starts after the query
        // arrived, so a strong query keeps read-your-writes.
        Task<(ReadOnlyMemory<float> Vector, TimeSpan Elapsed)>? embedding = query.Text is { } text ? EmbedAsync(text, cancellationToken) : null;
        ViewState? settled = query.Consistency == ConsistencyMode.Strong ? SettledState(collection) : null;
        Task<(ViewState State, QueryFreshness Freshness, TimeSpan Elapsed)> catchUp = TimedCatchUpAsync(collection, query.Consistency, start, cancellationToken);
        ViewState state;
        QueryFreshness freshness;
        TimeSpan catchUpTime;
        ReadOnlyMemory<float> queryVector = query.Vector;
        TimeSpan embedTime = TimeSpan.Zero;
        Task<ScanOutcome>? speculative = null;
        try
        {
            if (embedding is not null)
            {
                (queryVector, embedTime) = await embedding;
            }

            // While the catch-up is still waiting on storage, scan the state the last catch-up found unchanged; the
            // answer is kept only if this catch-up returns that very state, i.e. nothing was written meanwhile.
            if (settled is not null && !catchUp.IsCompleted && queryVector.Length == settled.Dimensions)
            {
                speculative = ScanStateAsync(settled, queryVector, query, cancellationToken);
            }

            (state, freshness, catchUpTime) = await catchUp;
            if (embedding is not null)
            {
                _model!.EnsureCanEmbedFor(collection, state.Settings, "text");
            }
        }
        catch
        {
            // The query failed before it needed these: their outcomes no longer matter, but must be observed.
            Observe(embedding);
            Observe(catchUp);
            Observe(speculative);
            throw;
        }

        ScanOutcome? kept = speculative is not null && ReferenceEquals(state, settled) ? await OutcomeOrNullAsync(speculative) : null;
        if (kept is null)
        {
            Observe(speculative);
        }

        ScanOutcome outcome = kept ?? await ScanStateAsync(state, queryVector, query, cancellationToken);

        long scanned = Stopwatch.GetTimestamp();
        IReadOnlyList<QueryHit> results;
        using (QueryTelemetry.StartPhase(QueryPhases.Fetch))
        {
            results = await FetchAsync(outcome.Hits, outcome.Sources, query.Include, cancellationToken);
        }

        var timings = new QueryTimings(catchUpTime, outcome.Load, outcome.Scan, Stopwatch.GetElapsedTime(scanned), embedTime);
        return new QueryResult(results, timings, freshness, outcome.Mode);
    }

    // The catch-up with its own span and its time since the query started (it may end before the embedding does).
    private async Task<(ViewState State, QueryFreshness Freshness, TimeSpan Elapsed)> TimedCatchUpAsync(
        string collection, ConsistencyMode consistency, long queryStart, CancellationToken cancellationToken)
    {
        using (QueryTelemetry.StartPhase(QueryPhases.CatchUp))
        {
            (ViewState state, QueryFreshness freshness) = await CatchUpAsync(collection, consistency, cancellationToken);
            return (state, freshness, Stopwatch.GetElapsedTime(queryStart));
        }
    }

    // Loads the blocks of `state` a scan needs and scans them.
    private async Task<ScanOutcome> ScanStateAsync(ViewState state, ReadOnlyMemory<float> queryVector, VectorQuery query, CancellationToken cancellationToken)
    {
        float[] vector = VectorRules.Normalize(queryVector.Span, state.Dimensions);
        long started = Stopwatch.GetTimestamp();
        List<SearchBlock> blocks;
        List<BlockSource> sources;
        using (QueryTelemetry.StartPhase(QueryPhases.Load))
        {
            (blocks, sources) = await LoadBlocksAsync(state, withMetadata: query.Filter is not null, cancellationToken);
        }

        long loaded = Stopwatch.GetTimestamp();
        IReadOnlyList<SearchHit> hits;
        QueryMode answeredBy;
        using (QueryTelemetry.StartPhase(QueryPhases.Scan))
        {
            (hits, answeredBy) = await ScanAsync(vector, blocks, sources, query, cancellationToken);
        }

        return new ScanOutcome(hits, answeredBy, sources, Stopwatch.GetElapsedTime(started, loaded), Stopwatch.GetElapsedTime(loaded));
    }

    private ViewState? SettledState(string collection) =>
        _views.TryGetValue(collection, out Lazy<CollectionView>? view) && view.IsValueCreated ? view.Value.SettledState : null;

    private static async Task<ScanOutcome?> OutcomeOrNullAsync(Task<ScanOutcome> speculative)
    {
        try
        {
            return await speculative;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed speculation is not the query's failure: the scan runs again on the caught-up state.
            return null;
        }
    }

    private static void Observe(Task? task) => task?.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    private async Task<(ReadOnlyMemory<float> Vector, TimeSpan Elapsed)> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();

        // The generator computes on the calling thread; running it on the pool lets the catch-up's I/O proceed.
        GeneratedEmbeddings<Embedding<float>> embeddings = await Task.Run(() => _generator!.GenerateAsync([text], cancellationToken: cancellationToken), cancellationToken);
        return (embeddings[0].Vector, Stopwatch.GetElapsedTime(started));
    }

    // The scan, and in fast mode the rescoring, fetching the float32 rows of codes-only segments by range reads.
    private async Task<(IReadOnlyList<SearchHit> Hits, QueryMode Mode)> ScanAsync(
        float[] vector, List<SearchBlock> blocks, List<BlockSource> sources, VectorQuery query, CancellationToken cancellationToken)
    {
        SearchOptions options = SearchOptionsFor(query);
        if (blocks.Count == 0)
        {
            return ([], options.Mode);
        }

        if (options.Mode == QueryMode.Exact && blocks.Any(b => !b.Block.HasVectors))
        {
            return (await ScanExactStreamedAsync(vector, blocks, sources, query, options, cancellationToken), QueryMode.Exact);
        }

        CandidateSet candidates = VectorSearcher.FindCandidates(vector, blocks, query.TopK, query.Filter, options, cancellationToken);
        if (candidates.IsFinal)
        {
            return (candidates.Hits(blocks), candidates.Mode);
        }

        if (blocks.All(b => b.Block.HasVectors))
        {
            return (VectorSearcher.Rescore(vector, candidates, blocks, fetched: null), candidates.Mode);
        }

        CandidateSet reachable = VectorSearcher.WithoutUnreachable(vector, candidates, blocks);
        IReadOnlyList<float[]?> fetched = await FetchCandidateVectorsAsync(reachable, blocks, sources, cancellationToken);
        return (VectorSearcher.Rescore(vector, reachable, blocks, fetched), candidates.Mode);
    }

    // An exact scan of a collection held as codes: blocks with vectors first, then each codes-only segment's vector
    // block read on its own (not cached), scanned, and dropped before the next; the top-k lists are merged.
    private async Task<IReadOnlyList<SearchHit>> ScanExactStreamedAsync(
        float[] vector, List<SearchBlock> blocks, List<BlockSource> sources, VectorQuery query, SearchOptions options, CancellationToken cancellationToken)
    {
        int[] held = [.. Enumerable.Range(0, blocks.Count).Where(i => blocks[i].Block.HasVectors)];
        var best = new List<SearchHit>();
        if (held.Length > 0)
        {
            IReadOnlyList<SearchHit> hits = VectorSearcher.Search(vector, [.. held.Select(i => blocks[i])], query.TopK, query.Filter, options, cancellationToken);
            best.AddRange(hits.Select(hit => hit with { BlockIndex = held[hit.BlockIndex] }));
        }

        for (int i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Block.HasVectors)
            {
                continue;
            }

            SegmentView segment = sources[i].Segment ?? throw new InvalidOperationException("Only segment blocks are held without vectors.");
            (VectorBlock full, _) = await LoadBlockAsync(segment, codesOnly: false, withMetadata: query.Filter is not null);
            IReadOnlyList<SearchHit> hits = VectorSearcher.Search(vector, [new SearchBlock(full, blocks[i].LiveRows)], query.TopK, query.Filter, options, cancellationToken);
            best = VectorSearcher.Merge([.. best, .. hits.Select(hit => hit with { BlockIndex = i })], query.TopK);
        }

        return best;
    }

    // The float32 rows of candidates in codes-only blocks (index for index; null for candidates held with vectors).
    private async Task<IReadOnlyList<float[]?>> FetchCandidateVectorsAsync(
        CandidateSet candidates, List<SearchBlock> blocks, List<BlockSource> sources, CancellationToken cancellationToken)
    {
        var positions = candidates.Rows.Select(c => (blocks[c.BlockIndex].Block, c.BlockIndex, c.Row)).ToArray();
        return await ReadCodesOnlyRowsAsync(positions, sources, cancellationToken);
    }

    // The float32 vectors of the positions that lie in codes-only blocks (index for index; null for the others), by
    // range reads: one batch per segment (adjacent rows coalesced), segments in parallel.
    private async Task<float[]?[]> ReadCodesOnlyRowsAsync(
        (VectorBlock Block, int BlockIndex, int Row)[] positions, List<BlockSource> sources, CancellationToken cancellationToken)
    {
        var vectors = new float[]?[positions.Length];
        var reads = new List<Task>();
        foreach (IGrouping<int, int> group in Enumerable.Range(0, positions.Length)
            .Where(i => !positions[i].Block.HasVectors)
            .GroupBy(i => positions[i].BlockIndex))
        {
            SegmentInfo segment = sources[group.Key].Segment?.Info
                ?? throw new InvalidOperationException("Only segment blocks are held without vectors.");
            reads.Add(ReadAsync(segment, [.. group]));
        }

        await Task.WhenAll(reads);
        return vectors;

        async Task ReadAsync(SegmentInfo segment, int[] indexes)
        {
            float[][] read = await _segments.ReadVectorRowsAsync(segment, indexes.Select(i => positions[i].Row).ToArray(), cancellationToken);
            for (int j = 0; j < indexes.Length; j++)
            {
                vectors[indexes[j]] = read[j];
            }
        }
    }

    private SearchOptions SearchOptionsFor(VectorQuery query)
    {
        SearchOptions search = _options.Search;
        QueryMode mode = query.Mode ?? search.Mode;
        int oversample = query.Oversample ?? search.Oversample;
        return mode == search.Mode && oversample == search.Oversample ? search : search.WithPrecision(mode, oversample);
    }

    private async Task<(ViewState State, QueryFreshness Freshness)> CatchUpAsync(
        string collection, ConsistencyMode consistency, CancellationToken cancellationToken)
    {
        CollectionName.Validate(collection);
        if (!Enum.IsDefined(consistency))
        {
            throw new VectronValidationException("consistency", "Consistency must be strong or eventual.");
        }

        Lazy<CollectionView> view = _views.GetOrAdd(collection, name => new Lazy<CollectionView>(() => new CollectionView(_storage, name)));
        try
        {
            return await view.Value.CatchUpAsync(consistency, _options.EventualInterval, cancellationToken);
        }
        catch (CollectionNotFoundException)
        {
            // Deleted (or never created): forget the view, so a collection created again later starts clean. Not
            // disposed: a concurrent query may still be waiting on it.
            _views.TryRemove(new KeyValuePair<string, Lazy<CollectionView>>(collection, view));
            throw;
        }
    }

    // The blocks to scan and, index for index, where each came from.
    private async Task<(List<SearchBlock> Blocks, List<BlockSource> Sources)> LoadBlocksAsync(
        ViewState state, bool withMetadata, CancellationToken cancellationToken)
    {
        var live = state.Segments.Where(s => s.LiveCount > 0).ToList();
        bool[] codesOnly = CodesOnlySegments(live);
        VectorBlock[] loaded = await Task.WhenAll(live.Select((s, i) => GetSegmentBlockAsync(s, withMetadata, codesOnly[i], cancellationToken)));
        var blocks = new List<SearchBlock>(live.Count + state.LogBlocks.Count);
        var sources = new List<BlockSource>(blocks.Capacity);
        for (int i = 0; i < live.Count; i++)
        {
            blocks.Add(new SearchBlock(loaded[i], live[i].LiveRows));
            sources.Add(new BlockSource(live[i], null));
        }

        foreach (LogBlockView logBlock in state.LogBlocks)
        {
            blocks.Add(new SearchBlock(logBlock.Rows, logBlock.LiveRows));
            sources.Add(new BlockSource(null, logBlock));
        }

        return (blocks, sources);
    }

    // Which segments the cache holds as codes only. Auto holds every segment's codes and, in manifest order (by id
    // range; segments compaction leaves untouched keep their place, so the choice moves only where it rewrote), the
    // float32 vectors of those that still fit the budget; a collection a little larger than the cache then
    // range-reads only the candidates in its overflow.
    private bool[] CodesOnlySegments(List<SegmentView> live)
    {
        var codesOnly = new bool[live.Count];
        if (_options.CacheVectors == CacheVectors.Always)
        {
            return codesOnly;
        }

        long room = _options.CacheVectors == CacheVectors.Never ? 0 : Cache.BudgetBytes - live.Sum(s => SegmentBytes.CodeBlock(s.Info));
        for (int i = 0; i < live.Count; i++)
        {
            long vectors = SegmentBytes.VectorBlock(live[i].Info) - SegmentBytes.CodeBlock(live[i].Info);
            codesOnly[i] = vectors > room;
            room -= codesOnly[i] ? 0 : vectors;
        }

        return codesOnly;
    }

    private Task<VectorBlock> GetSegmentBlockAsync(SegmentView segment, bool withMetadata, bool codesOnly, CancellationToken cancellationToken)
    {
        (SegmentPart plain, SegmentPart fuller) = codesOnly
            ? (SegmentPart.Codes, SegmentPart.CodesWithMetadata)
            : (SegmentPart.Vectors, SegmentPart.VectorsWithMetadata);
        SegmentPartKey full = Key(segment.Info, fuller);
        if (!withMetadata)
        {
            if (Cache.TryGet(full, out VectorBlock block))
            {
                SegmentCache.CountHit(fuller);
                return Task.FromResult(block);
            }

            return Cache.GetOrLoadAsync(Key(segment.Info, plain), () => LoadBlockAsync(segment, codesOnly, withMetadata: false), cancellationToken);
        }

        return Cache.GetOrLoadAsync(full, () => LoadWithMetadataAsync(segment, codesOnly, Key(segment.Info, plain)), cancellationToken);
    }

    private async Task<(VectorBlock, long)> LoadWithMetadataAsync(SegmentView segment, bool codesOnly, SegmentPartKey plainKey)
    {
        (VectorBlock block, long bytes) = await LoadBlockAsync(segment, codesOnly, withMetadata: true);

        // The block with metadata replaces the plain one: holding both would count the vectors twice.
        Cache.Remove(plainKey);
        return (block, bytes);
    }

    // A segment's block: vectors (codes computed here), or codes only: the stored code blocks of a format 2 segment,
    // or codes computed from the vector block of a format 1 segment, whose floats are then dropped.
    private async Task<(VectorBlock, long)> LoadBlockAsync(SegmentView segment, bool codesOnly, bool withMetadata)
    {
        Task<IReadOnlyList<SegmentDocument>?> documents = ReadMetadataAsync(segment, withMetadata);
        VectorBlock block;
        if (codesOnly && segment.Info.Layout.HasCodes)
        {
            SegmentCodes codes = await _segments.ReadCodesAsync(segment.Info);
            block = FillCodes(segment, codes, await documents);
        }
        else
        {
            SegmentPartKey plainKey = Key(segment.Info, SegmentPart.Vectors);
            if (!codesOnly && withMetadata && Cache.TryGet(plainKey, out VectorBlock plain))
            {
                IReadOnlyList<SegmentDocument>? rowDocuments = await documents;
                block = Fill(segment, plain.GetRows(plain.Count), rowDocuments, keepVectors: true);
            }
            else
            {
                // Streamed straight into the block: a download buffer as large as the block would double the
                // transient memory of every segment loaded at once.
                IReadOnlyList<SegmentDocument>? rowDocuments = await documents;
                block = new VectorBlock(segment.Info.Layout.Dimensions, Math.Max(1, segment.Info.Rows), hasVectors: !codesOnly);
                await _segments.ReadVectorBlockAsync(segment.Info, (rows, firstRow) => Fill(block, segment, rows, firstRow, rowDocuments));
            }
        }

        // A load usually replaces blocks about as large (a segment compaction rewrote, or ones the budget evicts):
        // hand that memory back rather than leave it committed until the next full collection.
        TransientMemory.Shared.ReleaseSoon();

        IReadOnlyList<SegmentDocument>? metadata = await documents;
        return (block, SegmentBytes.Block(segment.Info, codesOnly) + (metadata is null ? 0 : SegmentBytes.Metadata(metadata)));
    }

    private async Task<IReadOnlyList<SegmentDocument>?> ReadMetadataAsync(SegmentView segment, bool withMetadata)
    {
        if (!withMetadata)
        {
            return null;
        }

        Cache.TryGet(Key(segment.Info, SegmentPart.DocumentOffsets), out long[] offsets);
        return await _segments.ReadAllDocumentsAsync(segment.Info, offsets);
    }

    private static VectorBlock Fill(SegmentView segment, ReadOnlySpan<float> vectors, IReadOnlyList<SegmentDocument>? documents, bool keepVectors)
    {
        var block = new VectorBlock(segment.Info.Layout.Dimensions, Math.Max(1, segment.Info.Rows), keepVectors);
        Fill(block, segment, vectors, 0, documents);
        return block;
    }

    // Appends rows firstRow.. of the segment, whose vectors are `vectors`, to the block.
    private static void Fill(VectorBlock block, SegmentView segment, ReadOnlySpan<float> vectors, int firstRow, IReadOnlyList<SegmentDocument>? documents)
    {
        int dimensions = segment.Info.Layout.Dimensions;
        for (int i = 0; i < vectors.Length / dimensions; i++)
        {
            int row = firstRow + i;
            MetadataJson.AppendRow(block, segment.Ids[row], vectors.Slice(i * dimensions, dimensions), documents is null ? default : documents[row].Metadata);
        }
    }

    private static VectorBlock FillCodes(SegmentView segment, SegmentCodes codes, IReadOnlyList<SegmentDocument>? documents)
    {
        int dimensions = segment.Info.Layout.Dimensions;
        int words = BinaryQuantizer.WordsPerRow(dimensions);
        var block = new VectorBlock(dimensions, Math.Max(1, segment.Info.Rows), hasVectors: false);
        for (int row = 0; row < segment.Info.Rows; row++)
        {
            MetadataJson.AppendCodesRow(
                block,
                segment.Ids[row],
                codes.Int8Codes.AsSpan(row * dimensions, dimensions),
                codes.Scales[row],
                codes.BinaryCodes.AsSpan(row * words, words),
                documents is null ? default : documents[row].Metadata);
        }

        return block;
    }

    private async Task<IReadOnlyList<QueryHit>> FetchAsync(
        IReadOnlyList<SearchHit> hits, List<BlockSource> sources, QueryInclude include, CancellationToken cancellationToken)
    {
        bool documents = (include & (QueryInclude.Metadata | QueryInclude.Text)) != 0;
        var results = new QueryHit[hits.Count];
        var reads = new List<Task>();
        foreach (IGrouping<int, int> group in Enumerable.Range(0, hits.Count).GroupBy(i => hits[i].BlockIndex))
        {
            BlockSource source = sources[group.Key];
            int[] indexes = [.. group];
            if (documents && source.Segment is { } segment)
            {
                reads.Add(FetchSegmentDocumentsAsync(segment, hits, indexes, include, results, cancellationToken));
                continue;
            }

            foreach (int i in indexes)
            {
                LogRecord? record = source.Log?.Records[hits[i].Row];
                results[i] = record is null ? Hit(hits[i], include, default, default) : Hit(hits[i], include, record.Metadata, record.Text);
            }
        }

        await Task.WhenAll(reads);
        if (include.HasFlag(QueryInclude.Vector))
        {
            await FetchCodesOnlyVectorsAsync(hits, sources, results, cancellationToken);
        }

        return results;
    }

    // Hits in codes-only blocks have no vector in memory: read theirs by range.
    private async Task FetchCodesOnlyVectorsAsync(IReadOnlyList<SearchHit> hits, List<BlockSource> sources, QueryHit[] results, CancellationToken cancellationToken)
    {
        float[]?[] vectors = await ReadCodesOnlyRowsAsync([.. hits.Select(h => (h.Block, h.BlockIndex, h.Row))], sources, cancellationToken);
        for (int i = 0; i < hits.Count; i++)
        {
            if (vectors[i] is { } vector)
            {
                results[i] = results[i] with { Vector = vector };
            }
        }
    }

    private async Task FetchSegmentDocumentsAsync(
        SegmentView segment, IReadOnlyList<SearchHit> hits, int[] indexes, QueryInclude include, QueryHit[] results, CancellationToken cancellationToken)
    {
        long[] offsets = await Cache.GetOrLoadAsync(
            Key(segment.Info, SegmentPart.DocumentOffsets),
            async () => (await _segments.ReadDocumentOffsetsAsync(segment.Info), SegmentBytes.DocumentOffsets(segment.Info)),
            cancellationToken);
        IReadOnlyList<SegmentDocument> documents = await _segments.ReadDocumentsAsync(
            segment.Info, indexes.Select(i => hits[i].Row).ToArray(), offsets, cancellationToken);
        for (int j = 0; j < indexes.Length; j++)
        {
            int i = indexes[j];
            results[i] = Hit(hits[i], include, documents[j].Metadata, documents[j].Text);
        }
    }

    private static QueryHit Hit(SearchHit hit, QueryInclude include, ReadOnlyMemory<byte> metadata, ReadOnlyMemory<byte> text) => new(
        hit.Id,
        hit.Score,
        include.HasFlag(QueryInclude.Metadata) ? Utf8OrNull(metadata) : null,
        include.HasFlag(QueryInclude.Text) ? Utf8OrNull(text) : null,
        include.HasFlag(QueryInclude.Vector) && hit.Block.HasVectors ? hit.Block.GetVector(hit.Row).ToArray() : null);

    private static string? Utf8OrNull(ReadOnlyMemory<byte> utf8) => utf8.IsEmpty ? null : Encoding.UTF8.GetString(utf8.Span);

    private static SegmentPartKey Key(SegmentInfo segment, SegmentPart part) => new(segment.BlobName, segment.ETag, part);

    /// <summary>Where a scanned block came from: a sealed segment or a block of log rows.</summary>
    private readonly record struct BlockSource(SegmentView? Segment, LogBlockView? Log);

    private sealed record ScanOutcome(IReadOnlyList<SearchHit> Hits, QueryMode Mode, List<BlockSource> Sources, TimeSpan Load, TimeSpan Scan);
}
