namespace Vectron.Index.Search;

/// <summary>A candidate row with its score, in the total order results are ranked by.</summary>
internal readonly record struct ScoredRow(float Score, string Id, int BlockIndex, int Row)
{
    /// <summary>Negative when <paramref name="left"/> ranks first: higher score, then id ascending (ordinal), then
    /// block and row, so the ranking never depends on how the scan was split.</summary>
    public static int CompareRank(in ScoredRow left, in ScoredRow right)
    {
        int byScore = right.Score.CompareTo(left.Score);
        if (byScore != 0)
        {
            return byScore;
        }

        int byId = string.CompareOrdinal(left.Id, right.Id);
        if (byId != 0)
        {
            return byId;
        }

        int byBlock = left.BlockIndex.CompareTo(right.BlockIndex);
        return byBlock != 0 ? byBlock : left.Row.CompareTo(right.Row);
    }
}

/// <summary>The best k rows seen so far: a min-heap whose root is the worst kept row.</summary>
internal sealed class TopKHeap
{
    private readonly ScoredRow[] items;
    private int count;

    public TopKHeap(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        items = new ScoredRow[k];
    }

    /// <summary>Rows scoring below this cannot enter; rows scoring exactly this may, on id. Negative infinity while
    /// the heap is not full.</summary>
    public float Threshold => count < items.Length ? float.NegativeInfinity : items[0].Score;

    public ReadOnlySpan<ScoredRow> Items => items.AsSpan(0, count);

    public void Offer(in ScoredRow candidate)
    {
        if (count < items.Length)
        {
            int child = count++;
            while (child > 0)
            {
                int parent = (child - 1) / 2;
                if (!RanksAfter(candidate, items[parent]))
                {
                    break;
                }

                items[child] = items[parent];
                child = parent;
            }

            items[child] = candidate;
            return;
        }

        if (!RanksAfter(items[0], candidate))
        {
            return;
        }

        int slot = 0;
        while (true)
        {
            int worst = (2 * slot) + 1;
            if (worst >= count)
            {
                break;
            }

            if (worst + 1 < count && RanksAfter(items[worst + 1], items[worst]))
            {
                worst++;
            }

            if (!RanksAfter(items[worst], candidate))
            {
                break;
            }

            items[slot] = items[worst];
            slot = worst;
        }

        items[slot] = candidate;
    }

    private static bool RanksAfter(in ScoredRow left, in ScoredRow right) => ScoredRow.CompareRank(left, right) > 0;
}
