using BenchmarkDotNet.Attributes;
using Vectron.Index.Collections;

namespace Vectron.Benchmarks.Storage;

/// <summary>One upsert call of a batch of 384-dimension documents, acknowledged after its append landed in Azurite.
/// Vectors/s = BatchSize / Mean.</summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10, invocationCount: 16)]
[MemoryDiagnoser]
public class UpsertBenchmarks
{
    private const int Dimensions = 384;
    private VectronCollections? _collections;
    private List<DocumentUpsert> _batch = [];

    [Params(1, 100, 1000)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _collections = BenchStorage.Collections("bench-upsert");
        _collections.CreateAsync("upserts", new CollectionSettings(Dimensions)).GetAwaiter().GetResult();
        _batch = BenchStorage.Documents(new Random(1), BatchSize, Dimensions, "doc");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _collections!.Storage.Container.DeleteIfExists();
        _collections.Dispose();
    }

    [Benchmark]
    public Task Upsert() => _collections!.UpsertAsync("upserts", _batch);
}
