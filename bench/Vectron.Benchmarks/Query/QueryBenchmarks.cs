using BenchmarkDotNet.Attributes;
using Vectron.Index.Collections;
using Vectron.Index.Query;
using Vectron.Index.Search;
using Vectron.Index.Storage;

namespace Vectron.Benchmarks.Query;

/// <summary>
/// A warm top-10 query through the query service (eventual consistency: no storage round trip) beside the bare
/// <see cref="VectorSearcher"/> over the same in-memory blocks, 100k × 384 seeded in Azurite.
/// <c>VECTRON_BENCH_STORAGE="..." dotnet run -c Release --project bench/Vectron.Benchmarks -- --filter '*QueryBenchmarks*'</c>
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class QueryBenchmarks : IDisposable
{
    private const string Collection = "warm-100000";
    private VectronQueryService? service;
    private VectorQuery query = new() { Vector = QuerySeed.Query(7) };
    private SearchBlock[] blocks = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        string connection = Environment.GetEnvironmentVariable(Storage.BenchStorage.ConnectionStringVariable) ?? "UseDevelopmentStorage=true";
        VectronStorageOptions options = QuerySeed.Options(connection, "bench-query");
        using (var collections = new VectronCollections(options))
        {
            await QuerySeed.EnsureAsync(collections, Collection, 100_000);
        }

        service = new VectronQueryService(new VectronStorage(options), new QueryOptions { EventualInterval = TimeSpan.FromHours(1) });
        query = new VectorQuery { Vector = QuerySeed.Query(7), TopK = 10, Consistency = ConsistencyMode.Eventual, Mode = QueryMode.Exact };
        await service.WarmUpAsync(Collection);

        // The same blocks the service scans, taken from its cache, for the bare searcher.
        IReadOnlyList<SegmentInfo> segments = (await new ManifestStore(new VectronStorage(options)).ReadAsync(Collection)).Manifest.Segments;
        blocks = segments
            .Select(s => service.Cache.TryGet(new SegmentPartKey(s.BlobName, s.ETag, SegmentPart.Vectors), out VectorBlock block) ? new SearchBlock(block) : throw new InvalidOperationException("not warm"))
            .ToArray();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        service?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public float BareSearcher() => VectorSearcher.Search(query.Vector, blocks, 10)[0].Score;

    [Benchmark]
    public async Task<float> ServiceEventual() => (await service!.QueryAsync(Collection, query)).Hits[0].Score;
}
