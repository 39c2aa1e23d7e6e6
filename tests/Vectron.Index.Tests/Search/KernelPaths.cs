using Vectron.Index.Search;

namespace Vectron.Index.Tests.Search;

internal static class KernelPaths
{
    /// <summary>The names of the vector paths this machine accelerates, and Auto; each is tested against the
    /// scalar one. Auto keeps the data non-empty where the runtime has every intrinsic switched off
    /// (DOTNET_EnableHWIntrinsic=0). Names, because <see cref="KernelPath"/> is internal and theory parameters are
    /// public.</summary>
    public static TheoryData<string> Accelerated()
    {
        var paths = new TheoryData<string> { nameof(KernelPath.Auto) };
        foreach (KernelPath path in new[] { KernelPath.Vector512, KernelPath.Vector256, KernelPath.Vector128 })
        {
            if (IsAccelerated(path))
            {
                paths.Add(path.ToString());
            }
        }

        return paths;
    }

    /// <summary>Every path a search can be forced to on this machine, Auto and Scalar included.</summary>
    public static KernelPath[] Usable() =>
        [.. Enum.GetValues<KernelPath>().Where(path => path is KernelPath.Auto or KernelPath.Scalar || IsAccelerated(path))];

    private static bool IsAccelerated(KernelPath path) => path switch
    {
        KernelPath.Vector512 => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated,
        KernelPath.Vector256 => System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated,
        _ => System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated,
    };

    public static int Width(KernelPath path) => path switch
    {
        KernelPath.Vector512 or KernelPath.Auto => 16,
        KernelPath.Vector256 => 8,
        KernelPath.Vector128 => 4,
        _ => 1,
    };
}
