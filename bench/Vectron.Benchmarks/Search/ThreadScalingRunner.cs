using Vectron.Index.Search;
using Vectron.Index.Tests.Search;

namespace Vectron.Benchmarks.Search;

/// <summary>
/// Whether a second search thread is held back by the search's own split or by the memory the two cores get
/// together: in one round, on 1M × 384 random rows, the median of one query on one thread, on two threads, on one
/// thread over half the rows, and of two independent one-thread searches over the two halves started together, each
/// beside the two-thread memory floor (docs/benchmarks.md, "Re-run on a different host").
/// <c>dotnet run -c Release --project bench/Vectron.Benchmarks -- thread-scaling [ROUNDS]</c>
/// </summary>
internal static class ThreadScalingRunner
{
    public const string Command = "thread-scaling";

    private const int Rows = 1_000_000;
    private const int Dimensions = 384;
    private const int Queries = 25;

    public static int Run(string[] args)
    {
        int rounds = args is [var given, ..] ? int.Parse(given, System.Globalization.CultureInfo.InvariantCulture) : 3;
        SearchBlock[] all = BenchmarkVectors.RandomBlocks(new Random(42), Rows, Dimensions);
        SearchBlock[] firstHalf = all[..(all.Length / 2)];
        SearchBlock[] secondHalf = all[(all.Length / 2)..];
        float[] query = RandomVectors.Normalised(new Random(7), 1, Dimensions);
        var one = new SearchOptions { Mode = QueryMode.Exact, MaxDegreeOfParallelism = 1 };
        var two = new SearchOptions { Mode = QueryMode.Exact, MaxDegreeOfParallelism = 2 };

        Console.WriteLine("round\tfloor 2 threads ms\tsearch 1 thread ms\tsearch 2 threads ms\thalf on 1 thread ms\ttwo halves together ms");
        for (int round = 1; round <= rounds; round++)
        {
            double floor = Median(() => MemoryFloor.Sum(all, 2));
            double single = Median(() => VectorSearcher.Search(query, all, 10, options: one));
            double split = Median(() => VectorSearcher.Search(query, all, 10, options: two));
            double half = Median(() => VectorSearcher.Search(query, firstHalf, 10, options: one));
            double halves = Median(() => Task.WhenAll(
                Task.Run(() => VectorSearcher.Search(query, firstHalf, 10, options: one)),
                Task.Run(() => VectorSearcher.Search(query, secondHalf, 10, options: one))).Result);
            Console.WriteLine($"{round}\t{floor:F1}\t{single:F1}\t{split:F1}\t{half:F1}\t{halves:F1}");
        }

        return 0;
    }

    private static double Median(Func<object> search) => MedianTime.Milliseconds(search, Queries);
}
