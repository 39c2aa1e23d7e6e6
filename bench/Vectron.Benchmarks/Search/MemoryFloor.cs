using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Vectron.Index.Search;

namespace Vectron.Benchmarks.Search;

/// <summary>The least a scan can cost: reading every vector byte once (a <see cref="Vector512"/> sum), split over
/// threads the same way the search splits its rows.</summary>
internal static class MemoryFloor
{
    public static float Sum(SearchBlock[] blocks, int threads)
    {
        var sums = new float[threads];
        var others = new Task[threads - 1];
        for (int worker = 1; worker < threads; worker++)
        {
            int share = worker;
            others[worker - 1] = Task.Run(() => sums[share] = SumShare(blocks, share, threads));
        }

        sums[0] = SumShare(blocks, 0, threads);
        Task.WaitAll(others);
        return sums.Sum();
    }

    private static float SumShare(SearchBlock[] blocks, int share, int shares)
    {
        Vector512<float> a = Vector512<float>.Zero, b = a, c = a, d = a;
        foreach (SearchBlock block in blocks)
        {
            ReadOnlySpan<float> all = block.Block.GetRows(block.Block.Count);
            int perShare = all.Length / shares / 64 * 64;
            int start = share * perShare;
            ReadOnlySpan<float> part = share == shares - 1 ? all[start..] : all.Slice(start, perShare);
            ref float first = ref MemoryMarshal.GetReference(part);
            int i = 0;
            for (; i <= part.Length - 64; i += 64)
            {
                a += Vector512.LoadUnsafe(ref first, (nuint)i);
                b += Vector512.LoadUnsafe(ref first, (nuint)(i + 16));
                c += Vector512.LoadUnsafe(ref first, (nuint)(i + 32));
                d += Vector512.LoadUnsafe(ref first, (nuint)(i + 48));
            }

            for (; i < part.Length; i++)
            {
                a += Vector512.CreateScalar(part[i]);
            }
        }

        return Vector512.Sum(a + b + c + d);
    }
}
