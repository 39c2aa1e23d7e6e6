using BenchmarkDotNet.Attributes;
using Vectron.Index.Embedding;

namespace Vectron.Benchmarks.Embedding;

/// <summary>
/// Cost of creating a generator (what a cold instance pays once): read the model, quantize it for int8, create the
/// ONNX Runtime session (graph optimizations, weight pre-packing), load the vocabulary.
/// Run: dotnet run -c Release --project bench/Vectron.Benchmarks -- --filter '*EmbeddingStartupBenchmarks*'
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
[MemoryDiagnoser]
public class EmbeddingStartupBenchmarks
{
    [Params(EmbeddingPrecision.Float32, EmbeddingPrecision.Int8)]
    public EmbeddingPrecision Precision { get; set; }

    [Benchmark]
    public int CreateGenerator()
    {
        using var generator = new OnnxEmbeddingGenerator(new EmbeddingOptions { Precision = Precision });
        return generator.Dimensions;
    }

    /// <summary>The model's bytes as the session gets them: the file read, plus the int8 rewrite at <see cref="EmbeddingPrecision.Int8"/>.</summary>
    [Benchmark]
    public int LoadModel() => OnnxEmbeddingGenerator.LoadModel(new EmbeddingOptions().ResolvedModelPath, Precision, out _).Length;
}
