using BenchmarkDotNet.Attributes;
using Vectron.Index.Search;
using Vectron.Index.Tests.Search;

namespace Vectron.Benchmarks.Search;

/// <summary>Top-10 exact float32 search against int8 search with float32 rescoring (default oversampling), beside
/// the float32 memory floor, in one run.
/// <c>dotnet run -c Release --project bench/Vectron.Benchmarks -- --filter '*QuantizedSearchBenchmarks*'</c></summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class QuantizedSearchBenchmarks
{
    private const int Dimensions = 384;
    private SearchBlock[] blocks = [];
    private float[] query = [];
    private SearchOptions exact = new();
    private SearchOptions quantized = new();

    [Params(10_000, 100_000)]
    public int Rows { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        blocks = BenchmarkVectors.ToBlocks(RandomVectors.Normalised(new Random(42), Rows, Dimensions), Dimensions);
        query = RandomVectors.Normalised(new Random(7), 1, Dimensions);
        exact = new SearchOptions { MaxDegreeOfParallelism = Threads };
        quantized = new SearchOptions { MaxDegreeOfParallelism = Threads, Exact = false };
        quantized.Validate();
    }

    [Benchmark(Baseline = true)]
    public float ReadAllFloat32Bytes() => MemoryFloor.Sum(blocks, Threads);

    [Benchmark]
    public float Top10Exact() => VectorSearcher.Search(query, blocks, 10, options: exact)[0].Score;

    [Benchmark]
    public float Top10Int8Rescored() => VectorSearcher.Search(query, blocks, 10, options: quantized)[0].Score;
}
