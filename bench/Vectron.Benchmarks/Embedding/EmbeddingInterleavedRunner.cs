using System.Diagnostics;
using System.Globalization;
using Vectron.Index.Embedding;

namespace Vectron.Benchmarks.Embedding;

/// <summary>
/// The contenders of <see cref="EmbeddingBenchmarks"/> timed round-robin in one process (package, Vectron fp32 and int8,
/// bare session fp32 and int8, one call each per round), so that on a shared machine every contender sees the same
/// load; BenchmarkDotNet runs them one after another, minutes apart, which on busy cores skews their ratios.
/// Prints the median per contender and texts per second.
/// <c>dotnet run -c Release --project bench/Vectron.Benchmarks -- embedding-interleaved [BATCH,..] [ROUNDS]</c>
/// </summary>
internal static class EmbeddingInterleavedRunner
{
    public const string Command = "embedding-interleaved";
    private const int WarmupRounds = 3;

    public static int Run(string[] args)
    {
        int[] batchSizes = (args.Length > 0 ? args[0] : "1,8,32,64").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
        Console.WriteLine($"rounds {rounds}, load average {File.ReadAllText("/proc/loadavg").Trim()}");
        StartUp();
        Console.WriteLine("| batch | Package | Vectron fp32 | Vectron int8 | Bare fp32 | Bare int8 | int8 / Package | fp32 / Package | int8 / Bare int8 |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var batchSize in batchSizes)
        {
            using var fp32 = new EmbeddingBenchmarks { BatchSize = batchSize, Precision = EmbeddingPrecision.Float32 };
            using var int8 = new EmbeddingBenchmarks { BatchSize = batchSize, Precision = EmbeddingPrecision.Int8 };
            fp32.Setup();
            int8.Setup();
            Action[] contenders = [() => fp32.Package(), () => fp32.Vectron(), () => int8.Vectron(), () => fp32.BareSession(), () => int8.BareSession()];
            var times = contenders.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < WarmupRounds + rounds; round++)
            {
                for (var c = 0; c < contenders.Length; c++)
                {
                    var start = Stopwatch.GetTimestamp();
                    contenders[c]();
                    if (round >= WarmupRounds)
                    {
                        times[c].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                }
            }

            var medians = times.Select(Median).ToArray();
            string Cell(double ms) => string.Create(CultureInfo.InvariantCulture, $"{ms:F1} ms ({batchSize * 1000 / ms:F0}/s)");
            string Ratio(double slow, double fast) => string.Create(CultureInfo.InvariantCulture, $"{slow / fast:F2}x");
            Console.WriteLine($"| {batchSize} | {string.Join(" | ", medians.Select(Cell))} | {Ratio(medians[0], medians[2])} | {Ratio(medians[0], medians[1])} | {Ratio(medians[4], medians[2])} |");
        }

        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    /// <summary>Generator creation (model read, int8 rewrite, session, vocabulary), fp32 and int8 alternately.</summary>
    private static void StartUp()
    {
        EmbeddingPrecision[] precisions = [EmbeddingPrecision.Float32, EmbeddingPrecision.Int8];
        var times = precisions.Select(_ => new List<double>()).ToArray();
        var loads = precisions.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < 6; round++)
        {
            for (var p = 0; p < precisions.Length; p++)
            {
                var options = new EmbeddingOptions { Precision = precisions[p] };
                var start = Stopwatch.GetTimestamp();
                OnnxEmbeddingGenerator.LoadModel(options.ResolvedModelPath, precisions[p], out _);
                var loaded = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                start = Stopwatch.GetTimestamp();
                using (new OnnxEmbeddingGenerator(options))
                {
                    if (round > 0)
                    {
                        times[p].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                        loads[p].Add(loaded);
                    }
                }
            }
        }

        for (var p = 0; p < precisions.Length; p++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"start-up {precisions[p]}: generator created in {Median(times[p]):F0} ms (median of {times[p].Count}), of which model read{(p == 1 ? " + quantize" : "")} {Median(loads[p]):F0} ms"));
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
