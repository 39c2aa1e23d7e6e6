using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Vectron.Index.Search;

/// <summary>Integer dot products of one int8 query code with row-major int8 row codes (see
/// <see cref="Int8Quantizer"/>). Exact integers, so every path gives the same result as the scalar one.</summary>
[SkipLocalsInit]
internal static class Int8DotProduct
{
    /// <summary>The dot product of one row of codes, on <paramref name="path"/>.</summary>
    /// <param name="path">A path returned by <see cref="DotProduct.Resolve"/>; a path wider than the row falls
    /// through to its scalar tail.</param>
    public static int Score(KernelPath path, ReadOnlySpan<sbyte> query, ReadOnlySpan<sbyte> row)
    {
        if (row.Length != query.Length)
        {
            throw new ArgumentException("Row and query lengths differ.", nameof(row));
        }

        ref sbyte queryRef = ref MemoryMarshal.GetReference(query);
        ref sbyte rowRef = ref MemoryMarshal.GetReference(row);
        return path switch
        {
            KernelPath.Vector512 => ScoreRow<Int8Vector512Ops, Vector512<sbyte>, Vector512<int>>(ref queryRef, ref rowRef, query.Length),
            KernelPath.Vector256 => ScoreRow<Int8Vector256Ops, Vector256<sbyte>, Vector256<int>>(ref queryRef, ref rowRef, query.Length),
            KernelPath.Vector128 => ScoreRow<Int8Vector128Ops, Vector128<sbyte>, Vector128<int>>(ref queryRef, ref rowRef, query.Length),
            KernelPath.Scalar => ScalarTail(ref queryRef, ref rowRef, 0, query.Length),
            _ => throw new ArgumentOutOfRangeException(nameof(path), path, "Resolve the path before scoring."),
        };
    }

    // Two accumulators over full vectors, then the remaining codes one by one: integer sums are exact, so the
    // tail needs no masked overlapping load to agree with the scalar reference.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScoreRow<TOps, TBytes, TInts>(ref sbyte query, ref sbyte row, int dimensions)
        where TOps : struct, IInt8Ops<TBytes, TInts>
        where TBytes : struct
        where TInts : struct
    {
        int width = TOps.Width;
        int fullEnd = dimensions - (dimensions % width);
        TInts a = TOps.Zero, b = TOps.Zero;
        int i = 0;
        for (; i <= fullEnd - (2 * width); i += 2 * width)
        {
            a = TOps.MultiplyAdd(TOps.Load(ref query, (nuint)i), TOps.Load(ref row, (nuint)i), a);
            b = TOps.MultiplyAdd(TOps.Load(ref query, (nuint)(i + width)), TOps.Load(ref row, (nuint)(i + width)), b);
        }

        if (i < fullEnd)
        {
            a = TOps.MultiplyAdd(TOps.Load(ref query, (nuint)i), TOps.Load(ref row, (nuint)i), a);
        }

        return TOps.Sum(TOps.Add(a, b)) + ScalarTail(ref query, ref row, fullEnd, dimensions);
    }

    private static int ScalarTail(ref sbyte query, ref sbyte row, int start, int end)
    {
        int sum = 0;
        for (int i = start; i < end; i++)
        {
            sum += Unsafe.Add(ref query, i) * Unsafe.Add(ref row, i);
        }

        return sum;
    }
}
