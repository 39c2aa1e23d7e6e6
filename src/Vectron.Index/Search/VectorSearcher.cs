using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Vectron.Index.Search.Filters;

namespace Vectron.Index.Search;

/// <summary>Flat top-k search (exact, or binary and int8 codes with float32 rescoring) over in-memory <see cref="VectorBlock"/>s by dot product, which is cosine
/// similarity for the normalised vectors Vectron stores.</summary>
public static class VectorSearcher
{
    /// <summary>The largest k a search accepts.</summary>
    public const int MaxTopK = 1_000;

    // Rows per scoring call: one word of a row bitmap, and a score buffer that fits on the stack.
    private const int ChunkRows = 64;

    // Rows between cancellation checks.
    private const int CancellationCheckRows = 1 << 16;

    // How many candidates ahead the int8 stage asks for a row's codes. Candidates lie far apart (1,000 of 100k rows),
    // so each row's codes are a cache miss the hardware cannot predict; asking early overlaps the misses with the
    // scoring. In the service, where the embedding has evicted the codes between queries, this halved the int8 stage
    // (docs/benchmarks.md, "Prefetching the int8 stage's rows").
    private const int CodesPrefetchDistance = 8;

    /// <summary>The <paramref name="k"/> best rows of <paramref name="blocks"/> for <paramref name="query"/>, best
    /// first; equal scores are ranked by id (ordinal, ascending). Rows that are not live, or do not match
    /// <paramref name="filter"/>, are skipped during the scan, so k results come back whenever k rows qualify.</summary>
    /// <param name="query">The query vector, as many floats as every block has dimensions.</param>
    /// <param name="blocks">The blocks to scan with their live rows. Each block's row count is read once, at the
    /// start; rows appended during the search are not seen. Every block must keep its vectors
    /// (<see cref="VectorBlock.HasVectors"/>).</param>
    /// <param name="k">1 to <see cref="MaxTopK"/>.</param>
    /// <param name="filter">A metadata filter, or <c>null</c> for none.</param>
    /// <param name="options">Mode, oversampling and parallelism; <c>null</c> for the defaults.</param>
    /// <param name="cancellationToken">Checked between ranges of rows.</param>
    public static IReadOnlyList<SearchHit> Search(
        ReadOnlyMemory<float> query,
        IReadOnlyList<SearchBlock> blocks,
        int k,
        MetadataFilter? filter = null,
        SearchOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        CandidateSet candidates = FindCandidates(query, blocks, k, filter, options, cancellationToken);
        return candidates.IsFinal ? candidates.Hits(blocks) : Rescore(query.Span, candidates, blocks, fetched: null);
    }

    /// <summary>The first stage of a search: in <see cref="QueryMode.Exact"/> (or when every row would be rescored
    /// anyway) the final ranking; in <see cref="QueryMode.Fast"/> the <c>k × oversample</c> best rows by their codes,
    /// to be passed to <see cref="Rescore"/> with the float32 vectors of rows in codes-only blocks.</summary>
    internal static CandidateSet FindCandidates(
        ReadOnlyMemory<float> query,
        IReadOnlyList<SearchBlock> blocks,
        int k,
        MetadataFilter? filter,
        SearchOptions? options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, MaxTopK);
        if (query.IsEmpty)
        {
            throw new ArgumentException("The query vector is empty.", nameof(query));
        }

        options ??= SearchOptions.Default;
        options.Validate();
        KernelPath path = DotProduct.Resolve(options.KernelPath, query.Length);
        ScanBlock[] scanBlocks = Prepare(query.Length, blocks, filter, out long totalRows);
        bool allVectors = scanBlocks.All(b => b.Block.HasVectors);
        long rescored = Math.Min((long)k * options.Oversample, totalRows);

        // Fast on a collection no larger than its own rescoring set: the exact scan is the same answer, cheaper.
        if (options.Mode == QueryMode.Exact || (allVectors && rescored >= totalRows))
        {
            if (!allVectors)
            {
                throw new InvalidOperationException("An exact scan needs the float32 vectors of every block.");
            }

            List<ScoredRow> ranked = ScanExact(query, scanBlocks, totalRows, k, path, options, cancellationToken);
            return new CandidateSet(ranked.Count > k ? ranked[..k] : ranked, k, IsFinal: true, QueryMode.Exact, path);
        }

        long binaryKept = Math.Min(rescored * SearchOptions.BinaryCandidatesPerCandidate, totalRows);
        List<ScoredRow> byBits = ScanBinary(query, scanBlocks, totalRows, (int)binaryKept, options, cancellationToken);
        List<ScoredRow> byCodes = NarrowByInt8(query.Span, byBits, (int)rescored, blocks, path);
        return new CandidateSet(byCodes, k, IsFinal: false, QueryMode.Fast, path);
    }

    /// <summary>
    /// The candidates without those in codes-only blocks that cannot reach the top k, so their float32 rows need not
    /// be read. With per-vector int8 scales each coordinate is within <c>scale / 2</c> of <c>scale × code</c>, so a
    /// row's exact score is at most <c>scale × (q · code) + ‖q‖₁ × scale / 2</c>; a row whose bound is below the k-th
    /// exact score of the candidates held with vectors is beaten by k of them. The rescored answer is unchanged.
    /// </summary>
    internal static CandidateSet WithoutUnreachable(ReadOnlySpan<float> query, CandidateSet candidates, IReadOnlyList<SearchBlock> blocks)
    {
        var held = new TopKHeap(candidates.K);
        foreach (ScoredRow candidate in candidates.Rows)
        {
            VectorBlock block = blocks[candidate.BlockIndex].Block;
            if (block.HasVectors)
            {
                held.Offer(candidate with { Score = DotProduct.Score(candidates.Path, query, block.GetVector(candidate.Row)) });
            }
        }

        float threshold = held.Threshold;
        if (float.IsNegativeInfinity(threshold))
        {
            return candidates;
        }

        float halfL1 = 0.5f * TensorPrimitives.SumOfMagnitudes(query);
        var kept = new List<ScoredRow>(candidates.Rows.Count);
        foreach (ScoredRow candidate in candidates.Rows)
        {
            VectorBlock block = blocks[candidate.BlockIndex].Block;
            if (block.HasVectors || UpperBound(query, block, candidate.Row, halfL1) >= threshold)
            {
                kept.Add(candidate);
            }
        }

        return candidates with { Rows = kept };
    }

    // The largest exact score a codes-only row can have, with room for float rounding in the scores compared.
    private static float UpperBound(ReadOnlySpan<float> query, VectorBlock block, int row, float halfL1)
    {
        int rowCount = row + 1;
        ReadOnlySpan<sbyte> codes = block.GetCodes(rowCount).Slice(row * query.Length, query.Length);
        float scale = block.GetScales(rowCount)[row];
        float dot = 0;
        for (int i = 0; i < query.Length; i++)
        {
            dot += query[i] * codes[i];
        }

        const float Rounding = 1e-4f;
        return (scale * (dot + halfL1)) + Rounding;
    }

    /// <summary>Scores <paramref name="candidates"/> in float32 and returns the best k. Vectors come from the
    /// blocks, or from <paramref name="fetched"/> (index for index with the candidates) for codes-only blocks.</summary>
    internal static IReadOnlyList<SearchHit> Rescore(
        ReadOnlySpan<float> query, CandidateSet candidates, IReadOnlyList<SearchBlock> blocks, IReadOnlyList<float[]?>? fetched)
    {
        var rescored = new List<ScoredRow>(candidates.Rows.Count);
        for (int i = 0; i < candidates.Rows.Count; i++)
        {
            ScoredRow candidate = candidates.Rows[i];
            VectorBlock block = blocks[candidate.BlockIndex].Block;
            ReadOnlySpan<float> vector = block.HasVectors
                ? block.GetVector(candidate.Row)
                : fetched?[i] ?? throw new ArgumentException($"Candidate {i} is in a codes-only block; its vector must be fetched.", nameof(fetched));
            rescored.Add(candidate with { Score = DotProduct.Score(candidates.Path, query, vector) });
        }

        rescored.Sort(static (left, right) => ScoredRow.CompareRank(left, right));
        return new CandidateSet(rescored.Count > candidates.K ? rescored[..candidates.K] : rescored, candidates.K, IsFinal: true, QueryMode.Fast, candidates.Path).Hits(blocks);
    }

    /// <summary>The best <paramref name="k"/> of hits from several searches, in the order every search ranks by.</summary>
    internal static List<SearchHit> Merge(List<SearchHit> hits, int k)
    {
        hits.Sort(static (left, right) => ScoredRow.CompareRank(
            new ScoredRow(left.Score, left.Id, left.BlockIndex, left.Row), new ScoredRow(right.Score, right.Id, right.BlockIndex, right.Row)));
        return hits.Count > k ? hits[..k] : hits;
    }

    // The best `kept` rows of every selected row by float32 dot product, ranked.
    private static List<ScoredRow> ScanExact(
        ReadOnlyMemory<float> query, ScanBlock[] scanBlocks, long totalRows, int kept, KernelPath path, SearchOptions options, CancellationToken cancellationToken)
    {
        TopKHeap[] heaps = RowShares.Run(totalRows, options, () => new TopKHeap(kept), (heap, start, end) =>
            ScanShare(query.Span, scanBlocks, start, end, new RankedSink(heap), path, cancellationToken));
        return Rank(heaps);
    }

    // The best `kept` rows of every selected row by Hamming distance of binary codes, nearest first (then scan order).
    private static List<ScoredRow> ScanBinary(
        ReadOnlyMemory<float> query, ScanBlock[] scanBlocks, long totalRows, int kept, SearchOptions options, CancellationToken cancellationToken)
    {
        var queryBits = new ulong[BinaryQuantizer.WordsPerRow(query.Length)];
        BinaryQuantizer.Encode(query.Span, queryBits);
        List<(int Ordinal, int Row)> nearest = HammingSelection.Select(queryBits, scanBlocks, totalRows, kept, query.Length, options, cancellationToken);
        var candidates = new List<ScoredRow>(nearest.Count);
        foreach ((int ordinal, int row) in nearest)
        {
            ScanBlock block = scanBlocks[ordinal];
            candidates.Add(new ScoredRow(float.NaN, block.Block.GetId(row), block.Index, row));
        }

        return candidates;
    }

    // The binary candidates scored on their int8 codes; the best `kept` by that approximate score.
    private static List<ScoredRow> NarrowByInt8(ReadOnlySpan<float> query, List<ScoredRow> candidates, int kept, IReadOnlyList<SearchBlock> blocks, KernelPath path)
    {
        var codes = new sbyte[query.Length];
        float queryScale = Int8Quantizer.Quantize(query, codes);
        var best = new TopKHeap(kept);
        for (int i = 0; i < candidates.Count; i++)
        {
            if (i + CodesPrefetchDistance < candidates.Count)
            {
                ScoredRow ahead = candidates[i + CodesPrefetchDistance];
                blocks[ahead.BlockIndex].Block.PrefetchCodes(ahead.Row);
            }

            ScoredRow candidate = candidates[i];
            VectorBlock block = blocks[candidate.BlockIndex].Block;
            int rowCount = candidate.Row + 1;
            ReadOnlySpan<sbyte> rowCodes = block.GetCodes(rowCount).Slice(candidate.Row * query.Length, query.Length);
            float score = Int8DotProduct.Score(path, codes, rowCodes) * block.GetScales(rowCount)[candidate.Row] * queryScale;
            if (score >= best.Threshold)
            {
                best.Offer(candidate with { Score = score });
            }
        }

        return Rank([best]);
    }

    private static ScanBlock[] Prepare(int dimensions, IReadOnlyList<SearchBlock> blocks, MetadataFilter? filter, out long totalRows)
    {
        var scanBlocks = new List<ScanBlock>(blocks.Count);
        totalRows = 0;
        for (int index = 0; index < blocks.Count; index++)
        {
            (VectorBlock block, RowBitmap? liveRows) = blocks[index];
            ArgumentNullException.ThrowIfNull(block, nameof(blocks));
            if (block.Dimensions != dimensions)
            {
                throw new ArgumentException(
                    $"Block {index} has {block.Dimensions} dimensions; the query has {dimensions}.", nameof(blocks));
            }

            int rowCount = block.Count;

            // The cached filter bitmap is shared by concurrent searches: used as is, copied before intersecting.
            RowBitmap? selected = filter is null ? null : block.GetFilterBitmap(filter, rowCount);
            if (liveRows is not null)
            {
                selected = selected?.CopyTo(rowCount) ?? new RowBitmap(rowCount, allSet: true);
                selected.IntersectWith(liveRows);
            }

            if (rowCount > 0 && selected?.CountSet() != 0)
            {
                scanBlocks.Add(new ScanBlock(block, index, rowCount, selected));
                totalRows += rowCount;
            }
        }

        return [.. scanBlocks];
    }

    // Scans the rows [shareStart, shareEnd) of the blocks laid end to end by float32 score into `sink`.
    private static void ScanShare<TSink>(
        ReadOnlySpan<float> query, ScanBlock[] blocks, long shareStart, long shareEnd, TSink sink, KernelPath path, CancellationToken cancellationToken)
        where TSink : struct, IScanSink
    {
        foreach ((int index, int first, int count, _) in RowShares.Pieces(blocks, shareStart, shareEnd, CancellationCheckRows))
        {
            cancellationToken.ThrowIfCancellationRequested();
            ScanBlock block = blocks[index];
            var scorer = new Float32RowScorer(query, block.Block.GetRows(block.RowCount), path);
            ScanRange(ref scorer, block, first, first + count, sink);
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScanRange<TScorer, TSink>(ref TScorer scorer, in ScanBlock block, int start, int end, TSink heap)
        where TScorer : IRowScorer, allows ref struct
        where TSink : struct, IScanSink
    {
        Span<float> scores = stackalloc float[ChunkRows];
        float threshold = heap.Threshold;
        for (int chunk = start; chunk < end;)
        {
            int chunkEnd = Math.Min(end, (chunk & ~(ChunkRows - 1)) + ChunkRows);
            int chunkRows = chunkEnd - chunk;
            ulong all = chunkRows == ChunkRows ? ulong.MaxValue : (1UL << chunkRows) - 1;
            ulong selected = block.Selected is null ? all : (block.Selected.Word(chunk / ChunkRows) >> (chunk % ChunkRows)) & all;
            if (selected == all)
            {
                Span<float> chunkScores = scores[..chunkRows];
                scorer.ScoreRows(chunk, chunkScores);
                for (int i = 0; i < chunkScores.Length; i++)
                {
                    if (chunkScores[i] >= threshold)
                    {
                        heap.Offer(chunkScores[i], block, chunk + i);
                        threshold = heap.Threshold;
                    }
                }
            }
            else
            {
                while (selected != 0)
                {
                    int row = chunk + BitOperations.TrailingZeroCount(selected);
                    selected &= selected - 1;
                    float score = scorer.Score(row);
                    if (score >= threshold)
                    {
                        heap.Offer(score, block, row);
                        threshold = heap.Threshold;
                    }
                }
            }

            chunk = chunkEnd;
        }
    }

    private static List<ScoredRow> Rank(TopKHeap[] heaps)
    {
        var all = new List<ScoredRow>();
        foreach (TopKHeap heap in heaps)
        {
            all.AddRange(heap.Items);
        }

        all.Sort(static (left, right) => ScoredRow.CompareRank(left, right));
        return all;
    }

    /// <summary>Where a scan puts the rows that reach its threshold.</summary>
    private interface IScanSink
    {
        float Threshold { get; }

        void Offer(float score, in ScanBlock block, int row);
    }

    /// <summary>Ranked rows (score, then id): the exact scan.</summary>
    private readonly struct RankedSink(TopKHeap heap) : IScanSink
    {
        public float Threshold => heap.Threshold;

        public void Offer(float score, in ScanBlock block, int row) => heap.Offer(new ScoredRow(score, block.Block.GetId(row), block.Index, row));
    }
}
