using BenchmarkDotNet.Attributes;
using Vectron.Index.Search;
using Vectron.Index.Tests.Search;

namespace Vectron.Benchmarks.Search;

/// <summary>Single-query top-10 latency over in-memory vectors, against the time to merely read the same bytes.
/// <c>dotnet run -c Release --project bench/Vectron.Benchmarks -- --filter '*SearchBenchmarks*'</c></summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class SearchBenchmarks
{
    private const int Dimensions = 384;
    private SearchBlock[] blocks = [];
    private float[] query = [];
    private SearchOptions options = new();

    [Params(10_000, 100_000, 1_000_000)]
    public int Rows { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        blocks = BenchmarkVectors.ToBlocks(RandomVectors.Normalised(new Random(42), Rows, Dimensions), Dimensions);
        query = RandomVectors.Normalised(new Random(7), 1, Dimensions);
        options = new SearchOptions { Mode = QueryMode.Exact, MaxDegreeOfParallelism = Threads };
        options.Validate();
    }

    [Benchmark(Baseline = true)]
    public float ReadAllBytes() => MemoryFloor.Sum(blocks, Threads);

    [Benchmark]
    public float Top10() => VectorSearcher.Search(query, blocks, 10, options: options)[0].Score;
}
