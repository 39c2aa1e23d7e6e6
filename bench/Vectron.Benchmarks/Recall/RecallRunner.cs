using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Vectron.Benchmarks.Search;
using Vectron.Index.Search;

namespace Vectron.Benchmarks.Recall;

/// <summary>Recall@10 of exact and fast (quantized) search on the cached corpus vectors (bench/corpus/), against the exact
/// ground truth, with p50/p99 single-query latency. Prints a markdown table and writes recall.json beside the cache
/// for bench/side-by-side/ann.sh.
/// <c>dotnet run -c Release --project bench/Vectron.Benchmarks -- --recall [--set brown|brown-wordnet]
/// [--oversample 1,2,4,8,16,32] [--threads 1,2] [--min-rows-per-thread 8192] [--cache DIR]</c></summary>
internal static class RecallRunner
{
    public const string Command = "--recall";
    private const int K = 10;

    private static readonly JsonSerializerOptions ResultJson = new(JsonSerializerDefaults.Web);

    // Warm up this long before each case, so timed queries run fully optimised code, as in a warm server.
    private static readonly TimeSpan WarmupTime = TimeSpan.FromMilliseconds(500);

    public static int Run(string[] args)
    {
        Dictionary<string, string> options = RunnerArgs.Parse(args);
        CorpusCache cache = RunnerArgs.Cache(options);
        CorpusSet set = CorpusSet.Named(options.GetValueOrDefault("set", CorpusSet.All[0].Name));
        int[] oversamples = RunnerArgs.IntList(options, "oversample", "1,2,3,4,6,8,16,32");
        int[] threadCounts = RunnerArgs.IntList(options, "threads", "1,2");

        // The corpus is about 54k rows, below the engine's default of 32Ki rows per extra thread; lowered so that
        // 2 threads means 2 threads.
        int minRowsPerThread = RunnerArgs.IntList(options, "min-rows-per-thread", "8192")[0];

        (float[] baseRows, int dimensions) = set.Load(cache);
        (float[] queries, _) = cache.Read<float>(CorpusCache.QueryVectors);
        (int[] truth, CacheHeader truthHeader) = cache.Read<int>(set.Truth);
        int rows = baseRows.Length / dimensions;
        SearchBlock[] blocks = BenchmarkVectors.ToBlocks(baseRows, dimensions);
        Console.WriteLine($"set {set.Name}: {rows:N0} base rows x {dimensions} ({blocks.Length} blocks of up to {BenchmarkVectors.BlockRows:N0}), " +
            $"{truthHeader.Count:N0} queries, {RuntimeInformation.FrameworkDescription}, kernel {DotProduct.Resolve(KernelPath.Auto, dimensions)}, " +
            $"load {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| mode | oversample | threads | recall@10 | p50 ms | p99 ms | mean ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");

        var cases = new List<RecallCase>();
        foreach (int threads in threadCounts)
        {
            foreach (int? oversample in new int?[] { null }.Concat(oversamples.Select(o => (int?)o)))
            {
                SearchOptions searchOptions = FastMode.Options(oversample, threads, minRowsPerThread);
                RecallCase result = Measure(blocks, queries, dimensions, truth, truthHeader.Dimensions, searchOptions, oversample, threads);
                cases.Add(result);
                string mode = oversample is null ? "exact" : oversample == FastMode.DefaultOversample ? "fast (default)" : "fast";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {mode} | {(oversample?.ToString(CultureInfo.InvariantCulture) ?? "-")} | {threads} | {result.Recall:F4} | {result.P50Ms:F3} | {result.P99Ms:F3} | {result.MeanMs:F3} |"));
            }
        }

        RecallCase atDefault = cases.First(c => c.Oversample == FastMode.DefaultOversample);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"default (oversample {FastMode.DefaultOversample}): recall@10 {atDefault.Recall:F4}, p50 {atDefault.P50Ms:F3} ms on 1 thread; load {LoadAverage()}"));
        File.WriteAllText(cache.PathOf(ResultFile(set)), JsonSerializer.Serialize(new
        {
            set = set.Name,
            rows,
            defaultOversample = FastMode.DefaultOversample,
            defaultRecall = atDefault.Recall,
            cases,
        }, ResultJson));
        return 0;
    }

    /// <summary>Where the results of <paramref name="set"/> are written, for bench/side-by-side/ann_table.py.</summary>
    public static string ResultFile(CorpusSet set) => $"recall-{set.Name}.json";

    private static RecallCase Measure(
        SearchBlock[] blocks, float[] queries, int dimensions, int[] truth, int truthDepth, SearchOptions options, int? oversample, int threads)
    {
        int queryCount = queries.Length / dimensions;
        long warmupStart = Stopwatch.GetTimestamp();
        for (int i = 0; Stopwatch.GetElapsedTime(warmupStart) < WarmupTime; i++)
        {
            VectorSearcher.Search(queries.AsMemory(i % queryCount * dimensions, dimensions), blocks, K, options: options);
        }

        var times = new double[queryCount];
        long found = 0;
        var expected = new HashSet<int>(K);
        for (int query = 0; query < queryCount; query++)
        {
            ReadOnlyMemory<float> vector = queries.AsMemory(query * dimensions, dimensions);
            long start = Stopwatch.GetTimestamp();
            IReadOnlyList<SearchHit> hits = VectorSearcher.Search(vector, blocks, K, options: options);
            times[query] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            expected.Clear();
            expected.UnionWith(truth.AsSpan(query * truthDepth, K).ToArray());
            foreach (SearchHit hit in hits)
            {
                found += expected.Contains((hit.BlockIndex * BenchmarkVectors.BlockRows) + hit.Row) ? 1 : 0;
            }
        }

        Array.Sort(times);
        return new RecallCase(oversample, threads, (double)found / ((long)queryCount * K), Percentile(times, 0.50), Percentile(times, 0.99), times.Average());
    }

    private static double Percentile(double[] sorted, double fraction) => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(fraction * sorted.Length))];

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <param name="Oversample"><c>null</c> for exact search.</param>
    private sealed record RecallCase(int? Oversample, int Threads, double Recall, double P50Ms, double P99Ms, double MeanMs);
}
