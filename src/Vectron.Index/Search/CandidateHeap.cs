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

    private readonly ulong[] keys;
    private int count;

    public CandidateHeap(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        keys = new ulong[capacity];
    }

    /// <summary>The score (negated distance) a row must reach to be offered; negative infinity while not full.</summary>
    public float Threshold => count < keys.Length ? float.NegativeInfinity : -(float)(keys[0] >> (RowBits + BlockBits));

    public ReadOnlySpan<ulong> Keys => keys.AsSpan(0, count);

    public static ulong Key(int distance, int ordinal, int row) =>
        ((ulong)distance << (RowBits + BlockBits)) | ((ulong)ordinal << RowBits) | (uint)row;

    public static (int Ordinal, int Row) Position(ulong key) =>
        ((int)((key >> RowBits) & (MaxBlocks - 1)), (int)(key & (MaxRows - 1)));

    public void Offer(ulong key)
    {
        if (count < keys.Length)
        {
            int child = count++;
            while (child > 0)
            {
                int parent = (child - 1) / 2;
                if (keys[parent] >= key)
                {
                    break;
                }

                keys[child] = keys[parent];
                child = parent;
            }

            keys[child] = key;
            return;
        }

        if (key >= keys[0])
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

            if (worst + 1 < count && keys[worst + 1] > keys[worst])
            {
                worst++;
            }

            if (keys[worst] <= key)
            {
                break;
            }

            keys[slot] = keys[worst];
            slot = worst;
        }

        keys[slot] = key;
    }
}
