namespace Vectron.Index.Search;

/// <summary>The best binary candidates of one scan share: a bounded max-heap of packed keys (Hamming distance, then
/// scan position), so the candidate stage orders by integers and never compares ids; ids only rank the few rows
/// scored in float32 at the end.</summary>
internal sealed class CandidateHeap
{
    private const int RowBits = 28;
    private const int BlockBits = 16;

    /// <summary>The most blocks and rows per block a key can address.</summary>
    public const int MaxBlocks = 1 << BlockBits;

    public const int MaxRows = 1 << RowBits;

    private readonly BoundedHeap<ulong, KeyOrder> heap;

    public CandidateHeap(int capacity)
    {
        heap = new BoundedHeap<ulong, KeyOrder>(capacity);
    }

    /// <summary>The score (negated distance) a row must reach to be offered; negative infinity while not full.</summary>
    public float Threshold => heap.IsFull ? -(float)(heap.Worst >> (RowBits + BlockBits)) : float.NegativeInfinity;

    public ReadOnlySpan<ulong> Keys => heap.Items;

    public static ulong Key(int distance, int ordinal, int row) =>
        ((ulong)distance << (RowBits + BlockBits)) | ((ulong)ordinal << RowBits) | (uint)row;

    public static (int Ordinal, int Row) Position(ulong key) =>
        ((int)((key >> RowBits) & (MaxBlocks - 1)), (int)(key & (MaxRows - 1)));

    public void Offer(ulong key) => heap.Offer(key);

    // A larger key (farther, or later in the scan) ranks after.
    private readonly struct KeyOrder : IHeapOrder<ulong>
    {
        public static bool RanksAfter(in ulong left, in ulong right) => left > right;
    }
}
