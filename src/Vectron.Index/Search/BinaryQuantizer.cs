namespace Vectron.Index.Search;

/// <summary>Sign-bit codes: bit <c>i</c> of a row is set when <c>x[i] &gt; 0</c>. Bits are packed little-endian into
/// 64-bit words, <see cref="WordsPerRow"/> per row, and the bits past the last dimension stay clear, so they never
/// add to a Hamming distance.</summary>
/// <remarks>Centring (the sign of <c>x - mean</c>) was measured on MiniLM sentence embeddings and gave no better
/// candidates than plain signs (docs/architecture.md, "Search"), so codes carry no centre.</remarks>
internal static class BinaryQuantizer
{
    private const int BitsPerWord = 64;

    /// <summary>64-bit words per row of <paramref name="dimensions"/>.</summary>
    public static int WordsPerRow(int dimensions) => (dimensions + BitsPerWord - 1) / BitsPerWord;

    /// <summary>Writes the sign bits of <paramref name="vector"/> to <paramref name="bits"/>.</summary>
    public static void Encode(ReadOnlySpan<float> vector, Span<ulong> bits)
    {
        if (bits.Length != WordsPerRow(vector.Length))
        {
            throw new ArgumentException("Bits must hold exactly one row of the vector.", nameof(bits));
        }

        for (int word = 0; word < bits.Length; word++)
        {
            int start = word * BitsPerWord;
            int end = Math.Min(vector.Length, start + BitsPerWord);
            ulong packed = 0;
            for (int i = start; i < end; i++)
            {
                packed |= (vector[i] > 0 ? 1UL : 0UL) << (i - start);
            }

            bits[word] = packed;
        }
    }
}
