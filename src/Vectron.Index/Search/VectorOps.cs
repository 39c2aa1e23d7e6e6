using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Vectron.Index.Search;

// One kernel body (DotProduct) is written once, generic over these operations, in the style of the operator
// structs of dotnet/runtime TensorPrimitives; the JIT specialises it per struct, so each width gets its own code.
internal interface IVectorOps<TVector>
    where TVector : struct
{
    static abstract int Width { get; }

    static abstract bool IsHardwareAccelerated { get; }

    static abstract TVector Zero { get; }

    static abstract TVector Load(ref float source, nuint elementOffset);

    static abstract TVector MultiplyAdd(TVector left, TVector right, TVector addend);

    static abstract TVector Add(TVector left, TVector right);

    /// <summary>Keeps lanes <c>firstLane..Width-1</c> of <paramref name="vector"/> and zeroes the others.</summary>
    static abstract TVector KeepFrom(TVector vector, int firstLane);

    static abstract float Sum(TVector vector);
}

internal readonly struct Vector512Ops : IVectorOps<Vector512<float>>
{
    public static int Width => Vector512<float>.Count;

    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;

    public static Vector512<float> Zero => Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source, nuint elementOffset) => Vector512.LoadUnsafe(ref source, elementOffset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> left, Vector512<float> right, Vector512<float> addend) =>
        Vector512.MultiplyAddEstimate(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> left, Vector512<float> right) => left + right;

    public static Vector512<float> KeepFrom(Vector512<float> vector, int firstLane) =>
        vector & Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(firstLane)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> vector) => Vector512.Sum(vector);
}

internal readonly struct Vector256Ops : IVectorOps<Vector256<float>>
{
    public static int Width => Vector256<float>.Count;

    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;

    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source, nuint elementOffset) => Vector256.LoadUnsafe(ref source, elementOffset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> left, Vector256<float> right, Vector256<float> addend) =>
        Vector256.MultiplyAddEstimate(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> left, Vector256<float> right) => left + right;

    public static Vector256<float> KeepFrom(Vector256<float> vector, int firstLane) =>
        vector & Vector256.GreaterThanOrEqual(Vector256<int>.Indices, Vector256.Create(firstLane)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector256<float> vector) => Vector256.Sum(vector);
}

internal readonly struct Vector128Ops : IVectorOps<Vector128<float>>
{
    public static int Width => Vector128<float>.Count;

    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated;

    public static Vector128<float> Zero => Vector128<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref float source, nuint elementOffset) => Vector128.LoadUnsafe(ref source, elementOffset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> left, Vector128<float> right, Vector128<float> addend) =>
        Vector128.MultiplyAddEstimate(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> left, Vector128<float> right) => left + right;

    public static Vector128<float> KeepFrom(Vector128<float> vector, int firstLane) =>
        vector & Vector128.GreaterThanOrEqual(Vector128<int>.Indices, Vector128.Create(firstLane)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector128<float> vector) => Vector128.Sum(vector);
}
