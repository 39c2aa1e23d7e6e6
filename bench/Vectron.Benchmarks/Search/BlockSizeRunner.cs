using System.Globalization;
using Vectron.Index.Search;
using Vectron.Index.Tests.Search;

namespace Vectron.Benchmarks.Search;

/// <summary>
/// Whether the rows per block (a sealed segment's <c>MaxSegmentRows</c>) change query time: the same random rows cut
/// into blocks of 16 Ki, 32 Ki and 64 Ki rows, one exact and one fast top-10 query on two threads, median of 25 per
/// cell, the sizes interleaved in every round (docs/architecture.md, "Storage").
/// <c>dotnet run -c Release --project bench/Vectron.Benchmarks -- block-sizes [ROUNDS] [ROWS]</c>
/// </summary>
internal static class BlockSizeRunner
{
    public const string Command = "block-sizes";

    private const int Dimensions = 384;
    private const int Queries = 25;
    private static readonly int[] BlockRows = [16_384, 32_768, 65_536];

    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        int rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var exact = new SearchOptions { Mode = QueryMode.Exact, MaxDegreeOfParallelism = 2 };
        var fast = new SearchOptions { Mode = QueryMode.Fast, MaxDegreeOfParallelism = 2 };
        float[] query = RandomVectors.Normalised(new Random(7), 1, Dimensions);
        float[] vectors = RandomVectors.Normalised(new Random(42), rows, Dimensions);
        (int BlockRows, SearchBlock[] Blocks)[] sets = [.. BlockRows.Select(size => (size, BenchmarkVectors.ToBlocks(vectors, Dimensions, size)))];
        Console.WriteLine("round\trows per block\texact ms\tfast ms");
        for (int round = 1; round <= rounds; round++)
        {
            foreach ((int size, SearchBlock[] blocks) in sets)
            {
                double exactMs = Median(() => VectorSearcher.Search(query, blocks, 10, options: exact));
                double fastMs = Median(() => VectorSearcher.Search(query, blocks, 10, options: fast));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{round}\t{size}\t{exactMs:F3}\t{fastMs:F3}"));
            }
        }

        return 0;
    }

    private static double Median(Func<object> search) => MedianTime.Milliseconds(search, Queries);
}
