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
    private readonly BoundedHeap<ScoredRow, RankOrder> heap;

    public TopKHeap(int k)
    {
        heap = new BoundedHeap<ScoredRow, RankOrder>(k);
    }

    /// <summary>Rows scoring below this cannot enter; rows scoring exactly this may, on id. Negative infinity while
    /// the heap is not full.</summary>
    public float Threshold => heap.IsFull ? heap.Worst.Score : float.NegativeInfinity;

    public ReadOnlySpan<ScoredRow> Items => heap.Items;

    public void Offer(in ScoredRow candidate) => heap.Offer(candidate);

    private readonly struct RankOrder : IHeapOrder<ScoredRow>
    {
        public static bool RanksAfter(in ScoredRow left, in ScoredRow right) => ScoredRow.CompareRank(left, right) > 0;
    }
}
