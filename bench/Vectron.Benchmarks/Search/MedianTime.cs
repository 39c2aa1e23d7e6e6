using System.Diagnostics;

namespace Vectron.Benchmarks.Search;

/// <summary>The median wall time of repeated calls, after one untimed call (the side runners' quick comparisons; BenchmarkDotNet does the careful ones).</summary>
internal static class MedianTime
{
    public static double Milliseconds(Func<object> run, int count)
    {
        run();
        var times = new double[count];
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[count / 2];
    }
}
