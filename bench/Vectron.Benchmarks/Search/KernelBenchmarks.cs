using BenchmarkDotNet.Attributes;
using Vectron.Index.Search;
using Vectron.Index.Tests.Search;

namespace Vectron.Benchmarks.Search;

/// <summary>Each kernel path scoring 128 rows (192 KB, well inside L2), so the figure is compute, not memory.
/// <c>dotnet run -c Release --project bench/Vectron.Benchmarks -- --filter '*KernelBenchmarks*'</c></summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class KernelBenchmarks
{
    private const int Rows = 128;
    private float[] rows = [];
    private float[] query = [];
    private float[] scores = [];
    private KernelPath path;

    [Params(384, 385)]
    public int Dimensions { get; set; }

    // Names, because KernelPath is internal and BenchmarkDotNet's generated code is not a friend assembly.
    [Params("Vector512", "Vector256", "Vector128", "Scalar")]
    public string Path { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        rows = RandomVectors.Normalised(new Random(1), Rows, Dimensions);
        query = RandomVectors.Normalised(new Random(2), 1, Dimensions);
        scores = new float[Rows];
        path = Enum.Parse<KernelPath>(Path);
    }

    [Benchmark]
    public float ScoreRows()
    {
        DotProduct.ScoreRows(path, query, rows, scores);
        return scores[0];
    }
}
