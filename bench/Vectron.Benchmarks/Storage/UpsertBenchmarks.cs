using BenchmarkDotNet.Attributes;
using Vectron.Index.Collections;

namespace Vectron.Benchmarks.Storage;

/// <summary>One upsert call of a batch of 384-dimension documents, acknowledged after its append landed in Azurite.
/// Vectors/s = BatchSize / Mean.</summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10, invocationCount: 16)]
[MemoryDiagnoser]
public class UpsertBenchmarks : StorageBenchmark
{
    private List<DocumentUpsert> _batch = [];

    [Params(1, 100, 1000)]
    public int BatchSize { get; set; }

    protected override string CollectionName => "upserts";

    [GlobalSetup]
    public void Setup()
    {
        CreateCollection("bench-upsert");
        _batch = BenchStorage.Documents(new Random(1), BatchSize, Dimensions, "doc");
    }

    [Benchmark]
    public Task Upsert() => Collections.UpsertAsync(CollectionName, _batch);
}
