using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Vectron.Index.Search;

namespace Vectron.Benchmarks.Search;

/// <summary>The Vectron side of bench/side-by-side: times single-query exact top-k on the shared vector file and
/// prints one JSON line per case, like the other engines' runners.
/// <c>dotnet run -c Release --project bench/Vectron.Benchmarks -- side-by-side FILE [ROWS,..] [THREADS,..] [K] [MIN_ROWS_PER_THREAD]</c></summary>
internal static class SideBySideRunner
{
    public const string Command = "side-by-side";
    private const int WarmupQueries = 3;

    // Also warm up for this long, so timed queries run fully optimised code, as in a warm server.
    private static readonly TimeSpan WarmupTime = TimeSpan.FromMilliseconds(300);

    public static int Run(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine($"usage: {Command} FILE [ROWS,..] [THREADS,..] [K] [MIN_ROWS_PER_THREAD]");
            return 2;
        }

        int[] rowCounts = ParseList(args.Length > 1 ? args[1] : "10000,100000,1000000");
        int[] threadCounts = ParseList(args.Length > 2 ? args[2] : "1,2");
        int k = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10;
        int minRowsPerThread = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : new SearchOptions().MinRowsPerThread;
        (float[] vectors, float[] queries, int dimensions) = Read(args[0], rowCounts.Max());

        foreach (int rows in rowCounts)
        {
            SearchBlock[] blocks = BenchmarkVectors.ToBlocks(vectors.AsSpan(0, rows * dimensions), dimensions);
            foreach (int threads in threadCounts)
            {
                var options = new SearchOptions { Mode = QueryMode.Exact, MaxDegreeOfParallelism = threads, MinRowsPerThread = minRowsPerThread };
                options.Validate();
                int queryCount = queries.Length / dimensions;
                var times = new double[queryCount];
                int[] firstIds = [];
                long warmupStart = Stopwatch.GetTimestamp();
                for (int i = 0; i < WarmupQueries || Stopwatch.GetElapsedTime(warmupStart) < WarmupTime; i++)
                {
                    VectorSearcher.Search(queries.AsMemory((i % queryCount) * dimensions, dimensions), blocks, k, options: options);
                }

                for (int i = 0; i < queryCount; i++)
                {
                    ReadOnlyMemory<float> query = queries.AsMemory(i * dimensions, dimensions);
                    long start = Stopwatch.GetTimestamp();
                    IReadOnlyList<SearchHit> hits = VectorSearcher.Search(query, blocks, k, options: options);
                    double elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    times[i] = elapsed;
                    firstIds = i == 0 ? [.. hits.Select(hit => (hit.BlockIndex * BenchmarkVectors.BlockRows) + hit.Row)] : firstIds;
                }

                Array.Sort(times);
                double median = times.Length % 2 == 1 ? times[times.Length / 2] : (times[(times.Length / 2) - 1] + times[times.Length / 2]) / 2;
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["engine"] = "vectron",
                    ["rows"] = rows,
                    ["threads"] = threads,
                    ["median_ms"] = median,
                    ["mean_ms"] = times.Average(),
                    ["first_ids"] = firstIds,
                    ["note"] = $"{RuntimeInformation.FrameworkDescription}, kernel {DotProduct.Resolve(KernelPath.Auto, dimensions)}",
                }));
            }
        }

        return 0;
    }

    private static int[] ParseList(string text) => [.. text.Split(',').Select(part => int.Parse(part, CultureInfo.InvariantCulture))];

    private static (float[] Vectors, float[] Queries, int Dimensions) Read(string path, int maxRows)
    {
        using FileStream file = File.OpenRead(path);
        Span<int> header = stackalloc int[5];
        file.ReadExactly(MemoryMarshal.AsBytes(header));
        if (header[0] != BitConverter.ToInt32("VSBS"u8) || header[1] != 1)
        {
            throw new InvalidDataException($"{path} is not a side-by-side vector file.");
        }

        (int rows, int dimensions, int queryCount) = (header[2], header[3], header[4]);
        int used = Math.Min(rows, maxRows);
        float[] vectors = ReadFloats(file, used * dimensions);
        file.Seek(20 + ((long)rows * dimensions * sizeof(float)), SeekOrigin.Begin);
        return (vectors, ReadFloats(file, queryCount * dimensions), dimensions);
    }

    private static float[] ReadFloats(FileStream file, int count)
    {
        var values = new float[count];
        Span<byte> bytes = MemoryMarshal.AsBytes(values.AsSpan());
        while (!bytes.IsEmpty)
        {
            int chunk = Math.Min(bytes.Length, 1 << 30);
            file.ReadExactly(bytes[..chunk]);
            bytes = bytes[chunk..];
        }

        return values;
    }
}
