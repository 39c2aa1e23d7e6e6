namespace Vectron.Index.Search;

/// <summary>Which dot-product implementation a search uses. Forcing a path exists so tests can compare every
/// path the hardware supports with the scalar one; production code leaves it at <see cref="Auto"/>.</summary>
internal enum KernelPath
{
    /// <summary>The widest accelerated vector width that fits the dimension count.</summary>
    Auto,
    Vector512,
    Vector256,
    Vector128,
    Scalar,
}
