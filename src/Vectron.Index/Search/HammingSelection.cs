using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Vectron.Index.Search;

/// <summary>The fast mode's first stage: the <c>kept</c> rows nearest a binary query code by Hamming distance,
/// ties taken in scan order. Distances are small integers (0 to the dimension count), so the rows are not ranked
/// through a heap: every share of the rows writes its distances and a histogram of them, the summed histogram gives
/// the cut-off distance, and one pass collects the rows at or under it. A heap of 1,000 candidates cost more than
/// the popcounts themselves (docs/benchmarks.md, "Search").</summary>
internal static class HammingSelection
{
    /// <summary>The rows of <paramref name="blocks"/> (laid end to end; unselected rows never kept) whose codes are
    /// nearest <paramref name="queryBits"/>: every row under the cut-off distance, then rows at it in scan order,
    /// <paramref name="kept"/> in all (fewer when fewer rows are selected), in scan order.</summary>
    public static List<(int Ordinal, int Row)> Select(
        ulong[] queryBits,
        IReadOnlyList<ScanBlock> blocks,
        long totalRows,
        int kept,
        int dimensions,
        SearchOptions options,
        CancellationToken cancellationToken)
    {
        // Distances never exceed the dimension count, so one more bucket marks rows that are not selected.
        int unselected = dimensions + 1;
        ushort[] distances = ArrayPool<ushort>.Shared.Rent(checked((int)totalRows));
        try
        {
            int[][] histograms = RowShares.Run(
                totalRows,
                options,
                () => new int[unselected + 1],
                (histogram, start, end) => MeasureShare(queryBits, blocks, start, end, distances, histogram, (ushort)unselected, cancellationToken));
            (int cutoff, int tiesKept) = Cutoff(histograms, kept);
            return Collect(blocks, distances.AsSpan(0, (int)totalRows), cutoff, tiesKept, kept);
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(distances);
        }
    }

    // The largest distance kept, and how many rows at exactly that distance are kept (the first ones in scan order).
    private static (int Cutoff, int TiesKept) Cutoff(int[][] histograms, int kept)
    {
        int buckets = histograms[0].Length - 1;
        int below = 0;
        for (int distance = 0; distance < buckets; distance++)
        {
            int atDistance = 0;
            foreach (int[] histogram in histograms)
            {
                atDistance += histogram[distance];
            }

            if (below + atDistance >= kept)
            {
                return (distance, kept - below);
            }

            below += atDistance;
        }

        // Fewer selected rows than kept: every one of them.
        return (buckets - 1, int.MaxValue);
    }

    private static void MeasureShare(
        ulong[] query, IReadOnlyList<ScanBlock> blocks, long shareStart, long shareEnd, ushort[] distances, int[] histogram, ushort unselected, CancellationToken cancellationToken)
    {
        const int PieceRows = 1 << 14;
        int words = query.Length;
        foreach ((int index, int first, int count, long position) in RowShares.Pieces(blocks, shareStart, shareEnd, PieceRows))
        {
            cancellationToken.ThrowIfCancellationRequested();
            ScanBlock block = blocks[index];
            Span<ushort> piece = distances.AsSpan((int)position, count);
            HammingDistance.DistanceRows(query, block.Block.GetBinaryCodes(block.RowCount).Slice(first * words, count * words), piece);
            if (block.Selected is not null)
            {
                MarkUnselected(block.Selected, first, piece, unselected);
            }

            foreach (ushort distance in piece)
            {
                histogram[distance]++;
            }
        }
    }

    // Whole bitmap words at a time where the range covers them: most words of a live-rows bitmap are all set.
    private static void MarkUnselected(RowBitmap selected, int first, Span<ushort> range, ushort unselected)
    {
        const int WordRows = 64;
        int i = 0;
        while (i < range.Length)
        {
            int row = first + i;
            if (row % WordRows == 0 && i + WordRows <= range.Length)
            {
                for (ulong missing = ~selected.Word(row / WordRows); missing != 0; missing &= missing - 1)
                {
                    range[i + BitOperations.TrailingZeroCount(missing)] = unselected;
                }

                i += WordRows;
                continue;
            }

            if (!selected[row])
            {
                range[i] = unselected;
            }

            i++;
        }
    }

    // Every row under the cut-off, and the first `tiesKept` rows at it, in scan order.
    private static List<(int Ordinal, int Row)> Collect(IReadOnlyList<ScanBlock> blocks, ReadOnlySpan<ushort> distances, int cutoff, int tiesKept, int kept)
    {
        var collector = new Collector(blocks, cutoff, tiesKept, Math.Min(kept, distances.Length));
        Vector256<ushort> atOrUnder = Vector256.Create((ushort)cutoff);
        int position = 0;
        for (; position <= distances.Length - Vector256<ushort>.Count; position += Vector256<ushort>.Count)
        {
            uint matches = Vector256.LessThanOrEqual(Vector256.Create(distances.Slice(position, Vector256<ushort>.Count)), atOrUnder).ExtractMostSignificantBits();
            while (matches != 0)
            {
                int match = position + BitOperations.TrailingZeroCount(matches);
                collector.Add(match, distances[match]);
                matches &= matches - 1;
            }
        }

        for (; position < distances.Length; position++)
        {
            if (distances[position] <= cutoff)
            {
                collector.Add(position, distances[position]);
            }
        }

        return collector.Rows;
    }

    // Turns scan positions (ascending) into block ordinals and rows, keeping ties at the cut-off while any are left.
    private struct Collector(IReadOnlyList<ScanBlock> blocks, int cutoff, int tiesKept, int capacity)
    {
        private int ordinal;
        private int blockStart;
        private int blockEnd = blocks.Count == 0 ? 0 : blocks[0].RowCount;
        private int tiesLeft = tiesKept;

        public List<(int Ordinal, int Row)> Rows { get; } = new(capacity);

        public void Add(int position, int distance)
        {
            if (distance == cutoff)
            {
                if (tiesLeft == 0)
                {
                    return;
                }

                tiesLeft--;
            }

            while (position >= blockEnd)
            {
                blockStart = blockEnd;
                blockEnd += blocks[++ordinal].RowCount;
            }

            Rows.Add((ordinal, position - blockStart));
        }
    }
}
