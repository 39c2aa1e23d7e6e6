using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vectron.Index.Search;

/// <summary>Hamming distances between one binary query code and row-major binary row codes (see
/// <see cref="BinaryQuantizer"/>). .NET 10 exposes no x86 vector popcount (there is no <c>Avx512Vpopcntdq</c>), so
/// each 64-bit word is counted with <see cref="BitOperations.PopCount(ulong)"/>, which the JIT compiles to one
/// <c>popcnt</c>; four rows per pass keep four independent sums in flight.</summary>
[SkipLocalsInit]
internal static class HammingDistance
{
    private const int RowsPerPass = 4;

    /// <summary>Writes the distance of each of <c>distances.Length</c> rows to <paramref name="distances"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DistanceRows(ReadOnlySpan<ulong> query, ReadOnlySpan<ulong> rows, Span<int> distances)
    {
        int words = query.Length;
        if (rows.Length != distances.Length * words)
        {
            throw new ArgumentException("Rows must hold exactly distances.Length rows of query.Length words.", nameof(rows));
        }

        ref ulong q = ref MemoryMarshal.GetReference(query);
        ref ulong r = ref MemoryMarshal.GetReference(rows);
        int row = 0;
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

            distances[row] = d0;
            distances[row + 1] = d1;
            distances[row + 2] = d2;
            distances[row + 3] = d3;
        }

        for (; row < distances.Length; row++)
        {
            distances[row] = Distance(query, rows.Slice(row * words, words));
        }
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
}
