using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Vectron.Index.Embedding;

namespace Vectron.Benchmarks.Recall;

/// <summary>Embeds the corpus sentences (bench/corpus/extract.mjs) with Vectron's own embedder and computes the exact
/// top-k ground truth, each cached under bench/.cache/corpus/ and rebuilt only when its inputs changed.
/// <c>dotnet run -c Release --project bench/Vectron.Benchmarks -- --embed-corpus [--cache DIR] [--batch 64]</c>
/// (bench/corpus/prepare.sh runs the extraction first).</summary>
internal static class EmbedCorpusRunner
{
    public const string Command = "--embed-corpus";

    /// <summary>Neighbours kept per query in the ground truth; recall@10 reads the first 10.</summary>
    public const int TruthDepth = 100;

    // Sentences handed to the embedder at once: it sorts each call by length, so a large call keeps padding small.
    private const int SentencesPerCall = 4_096;

    public static async Task<int> RunAsync(string[] args)
    {
        Dictionary<string, string> options = RunnerArgs.Parse(args);
        CorpusCache cache = RunnerArgs.Cache(options);
        int batch = int.Parse(options.GetValueOrDefault("batch", "64"), CultureInfo.InvariantCulture);
        if (!File.Exists(cache.PathOf(CorpusCache.SentenceSummary)))
        {
            Console.Error.WriteLine($"No sentences in {cache.Directory}; run bench/corpus/prepare.sh (or node bench/corpus/extract.mjs {cache.Directory}).");
            return 2;
        }

        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(cache.PathOf(CorpusCache.SentenceSummary)));
        string corpus = $"{summary.RootElement.GetProperty("package").GetString()}@{summary.RootElement.GetProperty("version").GetString()}";

        // The bundled model, named explicitly so the file hashed is the file loaded.
        var embedding = new EmbeddingOptions
        {
            ModelPath = Path.Combine(AppContext.BaseDirectory, "models", EmbeddingOptions.BundledModelId, "model.onnx"),
            MaxBatchSize = batch,
        };
        string modelSha = CorpusCache.Sha256OfFile(embedding.ModelPath);
        using var generator = new OnnxEmbeddingGenerator(embedding);

        foreach ((string name, string sentences) in new[] { (CorpusCache.BaseVectors, CorpusCache.BaseSentences), (CorpusCache.QueryVectors, CorpusCache.QuerySentences) })
        {
            string[] lines = File.ReadAllLines(cache.PathOf(sentences));
            var header = new CacheHeader(CorpusCache.VectorFormat, lines.Length, generator.Dimensions, new Dictionary<string, string>
            {
                ["sentences"] = CorpusCache.Sha256OfFile(cache.PathOf(sentences)),
                ["model"] = $"{generator.ModelId} sha256:{modelSha}",
                ["corpus"] = corpus,
            });
            if (cache.IsFresh(name, header, sizeof(float)))
            {
                Console.WriteLine($"{name}: {lines.Length:N0} vectors cached, reused ({cache.DataPath(name)})");
                continue;
            }

            float[] vectors = await EmbedAsync(generator, lines, name);
            cache.Write<float>(name, header, vectors);
        }

        (float[] baseRows, CacheHeader baseHeader) = cache.Read<float>(CorpusCache.BaseVectors);
        (float[] queries, _) = cache.Read<float>(CorpusCache.QueryVectors);
        var truthHeader = new CacheHeader(CorpusCache.TruthFormat, queries.Length / baseHeader.Dimensions, TruthDepth, new Dictionary<string, string>
        {
            ["base"] = CorpusCache.Sha256OfFile(cache.DataPath(CorpusCache.BaseVectors)),
            ["queries"] = CorpusCache.Sha256OfFile(cache.DataPath(CorpusCache.QueryVectors)),
        });
        if (cache.IsFresh(CorpusCache.Truth, truthHeader, sizeof(int)))
        {
            Console.WriteLine($"truth: top-{TruthDepth} cached, reused ({cache.DataPath(CorpusCache.Truth)})");
            return 0;
        }

        var watch = Stopwatch.StartNew();
        int[] truth = GroundTruth.TopK(baseRows, queries, baseHeader.Dimensions, TruthDepth);
        cache.Write<int>(CorpusCache.Truth, truthHeader, truth);
        Console.WriteLine($"truth: exact top-{TruthDepth} of {truthHeader.Count:N0} queries over {baseHeader.Count:N0} rows in {watch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    private static async Task<float[]> EmbedAsync(OnnxEmbeddingGenerator generator, string[] lines, string name)
    {
        int dimensions = generator.Dimensions;
        var vectors = new float[lines.Length * dimensions];
        var watch = Stopwatch.StartNew();
        for (int start = 0; start < lines.Length; start += SentencesPerCall)
        {
            ArraySegment<string> chunk = new(lines, start, Math.Min(SentencesPerCall, lines.Length - start));
            GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(chunk);
            for (int i = 0; i < embeddings.Count; i++)
            {
                embeddings[i].Vector.Span.CopyTo(vectors.AsSpan((start + i) * dimensions, dimensions));
            }

            int done = start + chunk.Count;
            Console.WriteLine($"{name}: {done:N0} / {lines.Length:N0} sentences, {done / watch.Elapsed.TotalSeconds:F0} per second");
        }

        return vectors;
    }
}
