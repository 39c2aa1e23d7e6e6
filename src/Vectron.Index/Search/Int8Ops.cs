using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Vectron.Index.Search;

// The int8 counterpart of IVectorOps: one kernel body (Int8DotProduct), specialised by the JIT per width. Codes
// are in [-127, 127] (Int8Quantizer never emits -128), so a sum of two sbyte products fits a short: the portable
// path widens sbyte->short, multiplies, adds pairs in short, then widens to int. x86 uses pmaddwd
// (MultiplyAddAdjacent), which multiplies shorts and adds adjacent pairs straight into int lanes; where AVX-VNNI is
// supported the 256- and 128-bit paths use vpdpwssd (AvxVnni.MultiplyWideningAndAdd on shorts), which does that
// and the accumulation in one instruction. .NET 10 exposes no 512-bit VNNI class (AVX512_VNNI), so the 512-bit path
// stays on pmaddwd. vpdpbusd (unsigned x signed bytes) is not used: it would need the query offset by +128 and a
// per-row code sum to correct for it.
internal interface IInt8Ops<TBytes, TInts>
    where TBytes : struct
    where TInts : struct
{
    /// <summary>Codes per load.</summary>
    static abstract int Width { get; }

    static abstract TInts Zero { get; }

    static abstract TBytes Load(ref sbyte source, nuint elementOffset);

    /// <summary><paramref name="addend"/> plus the products of <paramref name="left"/> and <paramref name="right"/>,
    /// summed into fewer int lanes.</summary>
    static abstract TInts MultiplyAdd(TBytes left, TBytes right, TInts addend);

    static abstract TInts Add(TInts left, TInts right);

    static abstract int Sum(TInts vector);
}

internal readonly struct Int8Vector512Ops : IInt8Ops<Vector512<sbyte>, Vector512<int>>
{
    public static int Width => Vector512<sbyte>.Count;

    public static Vector512<int> Zero => Vector512<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<sbyte> Load(ref sbyte source, nuint elementOffset) => Vector512.LoadUnsafe(ref source, elementOffset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MultiplyAdd(Vector512<sbyte> left, Vector512<sbyte> right, Vector512<int> addend)
    {
        (Vector512<short> leftLow, Vector512<short> leftHigh) = Vector512.Widen(left);
        (Vector512<short> rightLow, Vector512<short> rightHigh) = Vector512.Widen(right);
        if (Avx512BW.IsSupported)
        {
            return addend + Avx512BW.MultiplyAddAdjacent(leftLow, rightLow) + Avx512BW.MultiplyAddAdjacent(leftHigh, rightHigh);
        }

        (Vector512<int> low, Vector512<int> high) = Vector512.Widen((leftLow * rightLow) + (leftHigh * rightHigh));
        return addend + low + high;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Add(Vector512<int> left, Vector512<int> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Sum(Vector512<int> vector) => Vector512.Sum(vector);
}

internal readonly struct Int8Vector256Ops : IInt8Ops<Vector256<sbyte>, Vector256<int>>
{
    public static int Width => Vector256<sbyte>.Count;

    public static Vector256<int> Zero => Vector256<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<sbyte> Load(ref sbyte source, nuint elementOffset) => Vector256.LoadUnsafe(ref source, elementOffset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAdd(Vector256<sbyte> left, Vector256<sbyte> right, Vector256<int> addend)
    {
        (Vector256<short> leftLow, Vector256<short> leftHigh) = Vector256.Widen(left);
        (Vector256<short> rightLow, Vector256<short> rightHigh) = Vector256.Widen(right);
        if (AvxVnni.IsSupported)
        {
            return AvxVnni.MultiplyWideningAndAdd(AvxVnni.MultiplyWideningAndAdd(addend, leftLow, rightLow), leftHigh, rightHigh);
        }

        if (Avx2.IsSupported)
        {
            return addend + Avx2.MultiplyAddAdjacent(leftLow, rightLow) + Avx2.MultiplyAddAdjacent(leftHigh, rightHigh);
        }

        (Vector256<int> low, Vector256<int> high) = Vector256.Widen((leftLow * rightLow) + (leftHigh * rightHigh));
        return addend + low + high;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Add(Vector256<int> left, Vector256<int> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Sum(Vector256<int> vector) => Vector256.Sum(vector);
}

internal readonly struct Int8Vector128Ops : IInt8Ops<Vector128<sbyte>, Vector128<int>>
{
    public static int Width => Vector128<sbyte>.Count;

    public static Vector128<int> Zero => Vector128<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<sbyte> Load(ref sbyte source, nuint elementOffset) => Vector128.LoadUnsafe(ref source, elementOffset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MultiplyAdd(Vector128<sbyte> left, Vector128<sbyte> right, Vector128<int> addend)
    {
        (Vector128<short> leftLow, Vector128<short> leftHigh) = Vector128.Widen(left);
        (Vector128<short> rightLow, Vector128<short> rightHigh) = Vector128.Widen(right);
        if (AvxVnni.IsSupported)
        {
            return AvxVnni.MultiplyWideningAndAdd(AvxVnni.MultiplyWideningAndAdd(addend, leftLow, rightLow), leftHigh, rightHigh);
        }

        if (Sse2.IsSupported)
        {
            return addend + Sse2.MultiplyAddAdjacent(leftLow, rightLow) + Sse2.MultiplyAddAdjacent(leftHigh, rightHigh);
        }

        (Vector128<int> low, Vector128<int> high) = Vector128.Widen((leftLow * rightLow) + (leftHigh * rightHigh));
        return addend + low + high;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Add(Vector128<int> left, Vector128<int> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Sum(Vector128<int> vector) => Vector128.Sum(vector);
}
