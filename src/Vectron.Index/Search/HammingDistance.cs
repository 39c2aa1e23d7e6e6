using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Vectron.Index.Search;

/// <summary>Hamming distances between one binary query code and row-major binary row codes (see
/// <see cref="BinaryQuantizer"/>).</summary>
/// <remarks>.NET 10 exposes no x86 vector popcount (no <c>Avx512Vpopcntdq</c> or <c>Avx512Bitalg</c> class), so the
/// 512-bit path counts bits with two nibble lookups per byte (<c>vpshufb</c>, Muła's method) and sums bytes with
/// <c>vpsadbw</c>. It works on eight rows at a time: each 64-byte load is eight words; word <c>8v + l</c> of the eight
/// rows is counted into byte <c>v</c> of lane <c>l</c>, one <c>vpermt2b</c> regroups the bytes row by row, and a second
/// <c>vpsadbw</c> sums each row. That needs a row of at most 8 words (512 dimensions); wider rows, and machines
/// without AVX-512 VBMI, count each word with <see cref="BitOperations.PopCount(ulong)"/>, four rows per pass. The
/// vector path measured about twice the scalar one on 384 dimensions (docs/benchmarks.md, "Search").</remarks>
[SkipLocalsInit]
internal static class HammingDistance
{
    private const int RowsPerPass = 4;
    private const int RowsPerVectorPass = 8;
    private const int MaxVectorWords = 8;

    // Whether DistanceRows takes the 512-bit path for rows of `words` words.
    private static bool IsVectorized(int words) => words <= MaxVectorWords && Avx512BW.IsSupported && Avx512Vbmi.IsSupported;

    /// <summary>Writes the distance of each of <c>distances.Length</c> rows to <paramref name="distances"/>.</summary>
    /// <param name="vectorize"><c>false</c> forces the scalar path, so tests can compare the two.</param>
    public static void DistanceRows(ReadOnlySpan<ulong> query, ReadOnlySpan<ulong> rows, Span<ushort> distances, bool vectorize = true)
    {
        int words = query.Length;
        if (rows.Length != distances.Length * words)
        {
            throw new ArgumentException("Rows must hold exactly distances.Length rows of query.Length words.", nameof(rows));
        }

        int row = 0;
        if (vectorize && IsVectorized(words))
        {
            row = DistanceRowsVector512(query, rows, distances);
        }

        DistanceRowsScalar(query, rows, distances, row);
    }

    /// <summary>The distance of one row.</summary>
    public static int Distance(ReadOnlySpan<ulong> query, ReadOnlySpan<ulong> row)
    {
        if (row.Length != query.Length)
        {
            throw new ArgumentException("Row and query lengths differ.", nameof(row));
        }

        int distance = 0;
        for (int w = 0; w < query.Length; w++)
        {
            distance += BitOperations.PopCount(query[w] ^ row[w]);
        }

        return distance;
    }

    // Rows from `firstRow` on, four at a time with one popcnt per word.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DistanceRowsScalar(ReadOnlySpan<ulong> query, ReadOnlySpan<ulong> rows, Span<ushort> distances, int firstRow)
    {
        int words = query.Length;
        ref ulong q = ref MemoryMarshal.GetReference(query);
        ref ulong r = ref MemoryMarshal.GetReference(rows);
        int row = firstRow;
        for (; row <= distances.Length - RowsPerPass; row += RowsPerPass)
        {
            ref ulong r0 = ref Unsafe.Add(ref r, row * words);
            ref ulong r1 = ref Unsafe.Add(ref r0, words);
            ref ulong r2 = ref Unsafe.Add(ref r1, words);
            ref ulong r3 = ref Unsafe.Add(ref r2, words);
            int d0 = 0, d1 = 0, d2 = 0, d3 = 0;
            for (int w = 0; w < words; w++)
            {
                ulong qw = Unsafe.Add(ref q, w);
                d0 += BitOperations.PopCount(qw ^ Unsafe.Add(ref r0, w));
                d1 += BitOperations.PopCount(qw ^ Unsafe.Add(ref r1, w));
                d2 += BitOperations.PopCount(qw ^ Unsafe.Add(ref r2, w));
                d3 += BitOperations.PopCount(qw ^ Unsafe.Add(ref r3, w));
            }

            distances[row] = (ushort)d0;
            distances[row + 1] = (ushort)d1;
            distances[row + 2] = (ushort)d2;
            distances[row + 3] = (ushort)d3;
        }

        for (; row < distances.Length; row++)
        {
            distances[row] = (ushort)Distance(query, rows.Slice(row * words, words));
        }
    }

    // Eight rows per pass while eight remain; returns the first row not done.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int DistanceRowsVector512(ReadOnlySpan<ulong> query, ReadOnlySpan<ulong> rows, Span<ushort> distances)
    {
        int words = query.Length;

        // Eight rows are `words` vectors; vector v, lane l holds word 8v + l of the eight rows laid end to end, so
        // the query repeated eight times gives the word to compare in the same place.
        Span<ulong> repeated = stackalloc ulong[RowsPerVectorPass * MaxVectorWords];
        for (int i = 0; i < RowsPerVectorPass * words; i++)
        {
            repeated[i] = query[i % words];
        }

        Span<byte> regroup = stackalloc byte[Vector512<byte>.Count];
        for (int row = 0; row < RowsPerVectorPass; row++)
        {
            for (int word = 0; word < MaxVectorWords; word++)
            {
                int position = (row * words) + word;

                // Byte v of lane l counts word 8v + l; index 64 takes byte 0 of the zero vector (past the row).
                regroup[(row * 8) + word] = word < words ? (byte)((position % 8 * 8) + (position / 8)) : (byte)64;
            }
        }

        Vector512<byte> regroupIndices = Vector512.Create<byte>(regroup);
        Vector512<byte> nibbleCounts = Vector512.Create(
            (byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
            0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        Vector512<byte> lowNibble = Vector512.Create((byte)0x0F);
        ref ulong queryWords = ref MemoryMarshal.GetReference(repeated);
        ref ulong rowWords = ref MemoryMarshal.GetReference(rows);
        ref ushort output = ref MemoryMarshal.GetReference(distances);
        int row0 = 0;
        for (; row0 <= distances.Length - RowsPerVectorPass; row0 += RowsPerVectorPass)
        {
            ref ulong passWords = ref Unsafe.Add(ref rowWords, row0 * words);
            Vector512<ulong> wordCounts = Vector512<ulong>.Zero;
            for (int v = 0; v < words; v++)
            {
                Vector512<byte> bits = (Vector512.LoadUnsafe(ref passWords, (nuint)(v * 8)) ^ Vector512.LoadUnsafe(ref queryWords, (nuint)(v * 8))).AsByte();
                Vector512<byte> byteCounts = Avx512BW.Shuffle(nibbleCounts, bits & lowNibble)
                    + Avx512BW.Shuffle(nibbleCounts, Avx512BW.ShiftRightLogical(bits.AsUInt16(), 4).AsByte() & lowNibble);
                Vector512<ulong> counts = Avx512BW.SumAbsoluteDifferences(byteCounts, Vector512<byte>.Zero).AsUInt64();
                wordCounts |= counts << (8 * v);
            }

            Vector512<byte> byRow = Avx512Vbmi.PermuteVar64x8x2(wordCounts.AsByte(), regroupIndices, Vector512<byte>.Zero);
            Vector128<ushort> rowDistances = Avx512F.ConvertToVector128UInt16(Avx512BW.SumAbsoluteDifferences(byRow, Vector512<byte>.Zero).AsUInt64());
            rowDistances.StoreUnsafe(ref output, (nuint)row0);
        }

        return row0;
    }
}
