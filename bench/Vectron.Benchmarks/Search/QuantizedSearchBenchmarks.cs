using BenchmarkDotNet.Attributes;
using Vectron.Index.Search;
using Vectron.Index.Tests.Search;

namespace Vectron.Benchmarks.Search;

/// <summary>Top-10 single-query latency, exact float32 scan against the fast mode (binary scan, int8 narrowing,
/// float32 rescoring at the default oversampling), beside the float32 memory floor, in one run. Random normalised
/// vectors: fine for latency (the work per row does not depend on the values), not for recall.
/// <c>dotnet run -c Release --project bench/Vectron.Benchmarks -- --filter '*QuantizedSearchBenchmarks*'</c></summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class QuantizedSearchBenchmarks
{
    private const int Dimensions = 384;
    private SearchBlock[] blocks = [];
    private float[] query = [];
    private SearchOptions exact = new();
    private SearchOptions fast = new();

    [Params(10_000, 100_000, 1_000_000)]
    public int Rows { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        blocks = BenchmarkVectors.RandomBlocks(new Random(42), Rows, Dimensions);
        query = RandomVectors.Normalised(new Random(7), 1, Dimensions);
        exact = new SearchOptions { MaxDegreeOfParallelism = Threads, Mode = QueryMode.Exact };
        fast = new SearchOptions { MaxDegreeOfParallelism = Threads, Mode = QueryMode.Fast };
        fast.Validate();
    }

    [Benchmark(Baseline = true)]
    public float ReadAllFloat32Bytes() => MemoryFloor.Sum(blocks, Threads);

    [Benchmark]
    public float Top10Exact() => VectorSearcher.Search(query, blocks, 10, options: exact)[0].Score;

    [Benchmark]
    public float Top10Fast() => VectorSearcher.Search(query, blocks, 10, options: fast)[0].Score;
}
