using BenchmarkDotNet.Attributes;
using Vectron.Index.Collections;

namespace Vectron.Benchmarks.Storage;

/// <summary>
/// <see cref="Callers"/> concurrent single-document upserts on one instance, which group commit packs into shared
/// appends. Vectors/s = Callers / Mean; compare with UpsertBenchmarks at BatchSize 1.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10, invocationCount: 16)]
[MemoryDiagnoser]
public class ConcurrentUpsertBenchmarks : StorageBenchmark
{
    private List<DocumentUpsert> _documents = [];

    [Params(64)]
    public int Callers { get; set; }

    protected override string CollectionName => "concurrent";

    [GlobalSetup]
    public void Setup()
    {
        CreateCollection("bench-concurrent");
        _documents = BenchStorage.Documents(new Random(3), Callers, Dimensions, "doc");
    }

    [Benchmark]
    public Task ConcurrentUpserts() => Task.WhenAll(_documents.Select(d => Collections.UpsertAsync(CollectionName, [d])));
}
