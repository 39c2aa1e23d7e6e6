using BenchmarkDotNet.Attributes;
using Vectron.Index.Storage;

namespace Vectron.Benchmarks.Storage;

/// <summary>
/// A full compaction of a collection of <see cref="Documents"/> 384-dimension documents already in one segment:
/// download and decode the segment, merge, encode and upload the new one, swap the manifest. MB/s = segment MB / Mean
/// (the segment size is printed in the setup log).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8, invocationCount: 1)]
[MemoryDiagnoser]
public class CompactionBenchmarks : StorageBenchmark
{
    [Params(20_000)]
    public int Documents { get; set; }

    protected override string CollectionName => "compact";

    [GlobalSetup]
    public void Setup()
    {
        CreateCollection("bench-compact");
        var random = new Random(2);
        for (int start = 0; start < Documents; start += 1000)
        {
            Collections.UpsertAsync(CollectionName, BenchStorage.Documents(random, 1000, Dimensions, $"b{start}")).GetAwaiter().GetResult();
        }

        CompactionResult first = Collections.CompactAsync(CollectionName).GetAwaiter().GetResult();
        Console.WriteLine($"// Segment bytes: {first.BytesWritten} ({first.BytesWritten / 1e6:F1} MB), rows {first.RowsWritten}");
    }

    [Benchmark]
    public Task Compact() => Collections.CompactAsync(CollectionName);
}
