using BenchmarkDotNet.Attributes;
using Vectron.Index.Collections;

namespace Vectron.Benchmarks.Storage;

/// <summary>
/// A full compaction of a collection of <see cref="Documents"/> 384-dimension documents already in one segment:
/// download and decode the segment, merge, encode and upload the new one, swap the manifest. MB/s = segment MB / Mean
/// (the segment size is printed in the setup log).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8, invocationCount: 1)]
[MemoryDiagnoser]
public class CompactionBenchmarks
{
    private const int Dimensions = 384;
    private VectronCollections? _collections;

    [Params(20_000)]
    public int Documents { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _collections = BenchStorage.Collections("bench-compact");
        _collections.CreateAsync("compact", new CollectionSettings(Dimensions)).GetAwaiter().GetResult();
        var random = new Random(2);
        for (int start = 0; start < Documents; start += 1000)
        {
            _collections.UpsertAsync("compact", BenchStorage.Documents(random, 1000, Dimensions, $"b{start}")).GetAwaiter().GetResult();
        }

        var first = _collections.CompactAsync("compact").GetAwaiter().GetResult();
        Console.WriteLine($"// Segment bytes: {first.BytesWritten} ({first.BytesWritten / 1e6:F1} MB), rows {first.RowsWritten}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _collections!.Storage.Container.DeleteIfExists();
        _collections.Dispose();
    }

    [Benchmark]
    public Task Compact() => _collections!.CompactAsync("compact");
}
