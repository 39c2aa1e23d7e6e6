using System.Numerics;

namespace Vectron.Index.Search;

/// <summary>One bit per row of a <see cref="VectorBlock"/>: which rows a search may return (live rows, rows that
/// match a filter). Not thread-safe for writes; build it, then share it read-only.</summary>
public sealed class RowBitmap
{
    private const int BitsPerWord = 64;
    private readonly ulong[] words;

    /// <summary>A bitmap of <paramref name="length"/> rows, all clear or all set.</summary>
    public RowBitmap(int length, bool allSet = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        words = new ulong[(length + BitsPerWord - 1) / BitsPerWord];
        if (allSet && length > 0)
        {
            Array.Fill(words, ulong.MaxValue);
            words[^1] = LowBits(length - ((words.Length - 1) * BitsPerWord));
        }
    }

    /// <summary>The number of rows the bitmap describes.</summary>
    public int Length { get; }

    /// <summary>Whether <paramref name="row"/> is set.</summary>
    public bool this[int row]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Length, nameof(row));
            return (words[row / BitsPerWord] & (1UL << (row % BitsPerWord))) != 0;
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Length, nameof(row));
            if (value)
            {
                words[row / BitsPerWord] |= 1UL << (row % BitsPerWord);
            }
            else
            {
                words[row / BitsPerWord] &= ~(1UL << (row % BitsPerWord));
            }
        }
    }

    /// <summary>The number of set rows.</summary>
    public int CountSet()
    {
        int total = 0;
        foreach (ulong word in words)
        {
            total += BitOperations.PopCount(word);
        }

        return total;
    }

    /// <summary>Bits <c>64 * index .. 64 * index + 63</c>, row <c>64 * index</c> in the lowest bit.</summary>
    internal ulong Word(int index) => words[index];

    internal int WordCount => words.Length;

    /// <summary>A copy holding <paramref name="length"/> rows; rows past this bitmap's end start clear.</summary>
    internal RowBitmap CopyTo(int length)
    {
        var copy = new RowBitmap(length);
        int shared = Math.Min(Length, length);
        Array.Copy(words, copy.words, shared / BitsPerWord);
        if (shared % BitsPerWord != 0)
        {
            copy.words[shared / BitsPerWord] = words[shared / BitsPerWord] & LowBits(shared % BitsPerWord);
        }

        return copy;
    }

    /// <summary>Clears, in place, every row that <paramref name="other"/> has clear; rows at or past
    /// <c>other.Length</c> are left as they are.</summary>
    internal void IntersectWith(RowBitmap other)
    {
        int full = Math.Min(Length, other.Length) / BitsPerWord;
        for (int i = 0; i < full; i++)
        {
            words[i] &= other.words[i];
        }

        int partial = Math.Min(Length, other.Length) % BitsPerWord;
        if (partial != 0)
        {
            words[full] &= other.words[full] | ~LowBits(partial);
        }
    }

    private static ulong LowBits(int count) => count >= BitsPerWord ? ulong.MaxValue : (1UL << count) - 1;
}
