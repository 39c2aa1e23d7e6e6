using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Vectron.Index.Search;

/// <summary>Dot products of one query with row-major float32 rows. Vectors are L2-normalised at write time, so
/// this is the cosine similarity.</summary>
[SkipLocalsInit]
internal static class DotProduct
{
    // Rows scored per pass: they share the query registers, so each query load feeds several multiply-adds.
    private const int RowsPerPass = 4;

    /// <summary>The path a search with <paramref name="dimensions"/> runs on when <paramref name="requested"/> is
    /// asked for. A vector path needs at least one full vector of dimensions (its tail is an overlapping load), so
    /// a narrower path or scalar takes over below that.</summary>
    /// <exception cref="NotSupportedException">A forced vector path is not accelerated on this machine.</exception>
    public static KernelPath Resolve(KernelPath requested, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (requested is KernelPath.Vector512 && !Vector512Ops.IsHardwareAccelerated
            || requested is KernelPath.Vector256 && !Vector256Ops.IsHardwareAccelerated
            || requested is KernelPath.Vector128 && !Vector128Ops.IsHardwareAccelerated)
        {
            throw new NotSupportedException($"Kernel path {requested} is not hardware accelerated on this machine.");
        }

        if (requested is KernelPath.Auto or KernelPath.Vector512
            && Vector512Ops.IsHardwareAccelerated && dimensions >= Vector512Ops.Width)
        {
            return KernelPath.Vector512;
        }

        if (requested is KernelPath.Auto or KernelPath.Vector512 or KernelPath.Vector256
            && Vector256Ops.IsHardwareAccelerated && dimensions >= Vector256Ops.Width)
        {
            return KernelPath.Vector256;
        }

        if (requested is not KernelPath.Scalar && Vector128Ops.IsHardwareAccelerated && dimensions >= Vector128Ops.Width)
        {
            return KernelPath.Vector128;
        }

        return KernelPath.Scalar;
    }

    /// <summary>Writes <c>dot(query, row i)</c> to <c>scores[i]</c> for each of <c>scores.Length</c> rows.</summary>
    /// <param name="path">A path returned by <see cref="Resolve"/> for <c>query.Length</c>.</param>
    public static void ScoreRows(KernelPath path, ReadOnlySpan<float> query, ReadOnlySpan<float> rows, Span<float> scores)
    {
        int dimensions = query.Length;
        if (rows.Length != scores.Length * dimensions)
        {
            throw new ArgumentException("Rows must hold exactly scores.Length rows of query.Length floats.", nameof(rows));
        }

        ref float queryRef = ref MemoryMarshal.GetReference(query);
        ref float rowsRef = ref MemoryMarshal.GetReference(rows);
        ref float scoresRef = ref MemoryMarshal.GetReference(scores);
        switch (path)
        {
            case KernelPath.Vector512:
                ScoreRows<Vector512Ops, Vector512<float>>(ref queryRef, ref rowsRef, scores.Length, dimensions, ref scoresRef);
                break;
            case KernelPath.Vector256:
                ScoreRows<Vector256Ops, Vector256<float>>(ref queryRef, ref rowsRef, scores.Length, dimensions, ref scoresRef);
                break;
            case KernelPath.Vector128:
                ScoreRows<Vector128Ops, Vector128<float>>(ref queryRef, ref rowsRef, scores.Length, dimensions, ref scoresRef);
                break;
            case KernelPath.Scalar:
                for (int row = 0; row < scores.Length; row++)
                {
                    scores[row] = ScalarDot(query, rows.Slice(row * dimensions, dimensions));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(path), path, "Resolve the path before scoring.");
        }
    }

    /// <summary>The dot product of one row, on <paramref name="path"/>.</summary>
    public static float Score(KernelPath path, ReadOnlySpan<float> query, ReadOnlySpan<float> row)
    {
        if (row.Length != query.Length)
        {
            throw new ArgumentException("Row and query lengths differ.", nameof(row));
        }

        ref float queryRef = ref MemoryMarshal.GetReference(query);
        ref float rowRef = ref MemoryMarshal.GetReference(row);
        return path switch
        {
            KernelPath.Vector512 => ScoreRow<Vector512Ops, Vector512<float>>(ref queryRef, ref rowRef, query.Length),
            KernelPath.Vector256 => ScoreRow<Vector256Ops, Vector256<float>>(ref queryRef, ref rowRef, query.Length),
            KernelPath.Vector128 => ScoreRow<Vector128Ops, Vector128<float>>(ref queryRef, ref rowRef, query.Length),
            KernelPath.Scalar => ScalarDot(query, row),
            _ => throw new ArgumentOutOfRangeException(nameof(path), path, "Resolve the path before scoring."),
        };
    }

    /// <summary>The reference every vector path is tested against: one accumulator, in index order.</summary>
    public static float ScalarDot(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        float sum = 0;
        for (int i = 0; i < left.Length; i++)
        {
            sum += left[i] * right[i];
        }

        return sum;
    }

    // Requires dimensions >= TOps.Width. Dimensions are walked two vectors at a time per row (two accumulators
    // per row, eight in flight for four rows), then one vector, then the tail: the last full vector of the row,
    // overlapping what was already summed, multiplied with a query tail whose already-summed lanes are zero.
    // AggressiveOptimization: the first query after a cold start must not run unoptimised (tier-0) vector code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScoreRows<TOps, TVector>(ref float query, ref float rows, int rowCount, int dimensions, ref float scores)
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        int width = TOps.Width;
        int remainder = dimensions % width;
        int fullEnd = dimensions - remainder;
        nuint tailStart = (nuint)(dimensions - width);
        TVector queryTail = remainder == 0 ? TOps.Zero : TOps.KeepFrom(TOps.Load(ref query, tailStart), width - remainder);

        int row = 0;
        for (; row <= rowCount - RowsPerPass; row += RowsPerPass)
        {
            ref float r0 = ref Unsafe.Add(ref rows, (nint)row * dimensions);
            ref float r1 = ref Unsafe.Add(ref r0, dimensions);
            ref float r2 = ref Unsafe.Add(ref r1, dimensions);
            ref float r3 = ref Unsafe.Add(ref r2, dimensions);
            TVector a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
            TVector b0 = TOps.Zero, b1 = TOps.Zero, b2 = TOps.Zero, b3 = TOps.Zero;

            int i = 0;
            for (; i <= fullEnd - (2 * width); i += 2 * width)
            {
                TVector q0 = TOps.Load(ref query, (nuint)i);
                TVector q1 = TOps.Load(ref query, (nuint)(i + width));
                a0 = TOps.MultiplyAdd(q0, TOps.Load(ref r0, (nuint)i), a0);
                a1 = TOps.MultiplyAdd(q0, TOps.Load(ref r1, (nuint)i), a1);
                a2 = TOps.MultiplyAdd(q0, TOps.Load(ref r2, (nuint)i), a2);
                a3 = TOps.MultiplyAdd(q0, TOps.Load(ref r3, (nuint)i), a3);
                b0 = TOps.MultiplyAdd(q1, TOps.Load(ref r0, (nuint)(i + width)), b0);
                b1 = TOps.MultiplyAdd(q1, TOps.Load(ref r1, (nuint)(i + width)), b1);
                b2 = TOps.MultiplyAdd(q1, TOps.Load(ref r2, (nuint)(i + width)), b2);
                b3 = TOps.MultiplyAdd(q1, TOps.Load(ref r3, (nuint)(i + width)), b3);
            }

            if (i < fullEnd)
            {
                TVector q0 = TOps.Load(ref query, (nuint)i);
                a0 = TOps.MultiplyAdd(q0, TOps.Load(ref r0, (nuint)i), a0);
                a1 = TOps.MultiplyAdd(q0, TOps.Load(ref r1, (nuint)i), a1);
                a2 = TOps.MultiplyAdd(q0, TOps.Load(ref r2, (nuint)i), a2);
                a3 = TOps.MultiplyAdd(q0, TOps.Load(ref r3, (nuint)i), a3);
            }

            if (remainder != 0)
            {
                b0 = TOps.MultiplyAdd(queryTail, TOps.Load(ref r0, tailStart), b0);
                b1 = TOps.MultiplyAdd(queryTail, TOps.Load(ref r1, tailStart), b1);
                b2 = TOps.MultiplyAdd(queryTail, TOps.Load(ref r2, tailStart), b2);
                b3 = TOps.MultiplyAdd(queryTail, TOps.Load(ref r3, tailStart), b3);
            }

            Unsafe.Add(ref scores, row) = TOps.Sum(TOps.Add(a0, b0));
            Unsafe.Add(ref scores, row + 1) = TOps.Sum(TOps.Add(a1, b1));
            Unsafe.Add(ref scores, row + 2) = TOps.Sum(TOps.Add(a2, b2));
            Unsafe.Add(ref scores, row + 3) = TOps.Sum(TOps.Add(a3, b3));
        }

        for (; row < rowCount; row++)
        {
            Unsafe.Add(ref scores, row) =
                ScoreRow<TOps, TVector>(ref query, ref Unsafe.Add(ref rows, (nint)row * dimensions), dimensions, queryTail);
        }
    }

    private static float ScoreRow<TOps, TVector>(ref float query, ref float row, int dimensions)
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        int remainder = dimensions % TOps.Width;
        TVector queryTail = remainder == 0
            ? TOps.Zero
            : TOps.KeepFrom(TOps.Load(ref query, (nuint)(dimensions - TOps.Width)), TOps.Width - remainder);
        return ScoreRow<TOps, TVector>(ref query, ref row, dimensions, queryTail);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float ScoreRow<TOps, TVector>(ref float query, ref float row, int dimensions, TVector queryTail)
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        int width = TOps.Width;
        int remainder = dimensions % width;
        int fullEnd = dimensions - remainder;
        TVector a = TOps.Zero, b = TOps.Zero;
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

        if (remainder != 0)
        {
            b = TOps.MultiplyAdd(queryTail, TOps.Load(ref row, (nuint)(dimensions - width)), b);
        }

        return TOps.Sum(TOps.Add(a, b));
    }
}
