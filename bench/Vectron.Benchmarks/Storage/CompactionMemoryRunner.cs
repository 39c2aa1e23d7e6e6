using System.Diagnostics;
using System.Globalization;
using Vectron.Index.Collections;
using Vectron.Index.Storage;

namespace Vectron.Benchmarks.Storage;

/// <summary>
/// <c>compaction-memory [ROUNDS] [ROWS]</c>: how far one compaction lifts the process's resident memory above what it
/// held before, the transient the soak's memory peaks are suspected of (docs/reliability.md, "Memory"). Seeds ROWS
/// documents (100,000; 384 dimensions, 16,384-row segments, compacted), then per round appends what triggers a
/// write-path compaction (20,000 documents, about 32 MiB of log: half new, half overwriting seeded ones), collects the
/// garbage, resets the kernel's peak resident size (<c>/proc/self/clear_refs</c>) and compacts. Linux only.
/// </summary>
internal static class CompactionMemoryRunner
{
    public const string Command = "compaction-memory";

    private const string Collection = "memory";
    private const int Dimensions = 384;
    private const int BatchRows = 1_000;
    private const int RoundRows = 20_000;

    public static async Task<int> RunAsync(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        int rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        using VectronCollections collections = BenchStorage.Collections("bench-compaction-memory");
        await collections.CreateAsync(Collection, new CollectionSettings(Dimensions));
        var random = new Random(7);
        for (int start = 0; start < rows; start += BatchRows)
        {
            await collections.UpsertAsync(Collection, BenchStorage.Documents(random, BatchRows, Dimensions, $"s{start}"));
        }

        await collections.CompactAsync(Collection);
        Console.WriteLine($"{rows:N0} documents seeded; {RoundRows:N0} written before each compaction (GC conserve memory: {AppContext.GetData("GCConserveMemory") ?? Environment.GetEnvironmentVariable("DOTNET_GCConserveMemory") ?? "default"})");
        Console.WriteLine("| round | resident before | peak during compaction | peak − before | resident after a full GC | segments written | seconds |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        for (int round = 1; round <= rounds; round++)
        {
            for (int batch = 0; batch < RoundRows / BatchRows; batch++)
            {
                // Odd batches overwrite seeded documents, so compaction rewrites the segments that hold them.
                string prefix = batch % 2 == 0 ? $"r{round}-{batch}" : $"s{(batch * 7 + round) % (rows / BatchRows) * BatchRows}";
                await collections.UpsertAsync(Collection, BenchStorage.Documents(random, BatchRows, Dimensions, prefix));
            }

            CollectAll();
            long before = Resident("VmRSS");
            File.WriteAllText("/proc/self/clear_refs", "5");
            long started = Stopwatch.GetTimestamp();
            CompactionResult result = await collections.CompactAsync(Collection);
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            long peak = Resident("VmHWM");
            CollectAll();
            long after = Resident("VmRSS");
            Console.WriteLine($"| {round} | {Mb(before)} | {Mb(peak)} | **{Mb(peak - before)}** | {Mb(after)} | {result.SegmentsWritten} | {seconds:F1} |");
        }

        return 0;
    }

    private static void CollectAll() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    // A line of /proc/self/status such as "VmRSS:   123456 kB", in bytes.
    private static long Resident(string field)
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):F0} MB";
}
