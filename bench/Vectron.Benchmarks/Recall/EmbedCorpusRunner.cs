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
        string corpus = summary.RootElement.GetProperty("corpus").GetString()!;
        string extraCorpus = summary.RootElement.GetProperty("extraCorpus").GetString()!;

        // The bundled model, named explicitly so the file hashed is the file loaded.
        var embedding = new EmbeddingOptions
        {
            ModelPath = Path.Combine(AppContext.BaseDirectory, "models", EmbeddingOptions.BundledModelId, "model.onnx"),
            MaxBatchSize = batch,
        };
        string modelSha = CorpusCache.Sha256OfFile(embedding.ModelPath);
        using var generator = new OnnxEmbeddingGenerator(embedding);

        foreach ((string name, string sentences, string source) in new[]
        {
            (CorpusCache.BaseVectors, CorpusCache.BaseSentences, corpus),
            (CorpusCache.QueryVectors, CorpusCache.QuerySentences, corpus),
            (CorpusCache.ExtraVectors, CorpusCache.ExtraSentences, extraCorpus),
        })
        {
            string[] lines = File.ReadAllLines(cache.PathOf(sentences));
            var header = new CacheHeader(CorpusCache.VectorFormat, lines.Length, generator.Dimensions, new Dictionary<string, string>
            {
                ["sentences"] = CorpusCache.Sha256OfFile(cache.PathOf(sentences)),
                ["model"] = $"{generator.ModelId} sha256:{modelSha}",
                ["corpus"] = source,
            });
            if (cache.IsFresh(name, header, sizeof(float)))
            {
                Console.WriteLine($"{name}: {lines.Length:N0} vectors cached, reused ({cache.DataPath(name)})");
                continue;
            }

            float[] vectors = await EmbedAsync(generator, lines, name);
            cache.Write<float>(name, header, vectors);
        }

        (float[] queries, CacheHeader queryHeader) = cache.Read<float>(CorpusCache.QueryVectors);
        foreach (CorpusSet set in CorpusSet.All)
        {
            var sources = set.Vectors.Append(CorpusCache.QueryVectors).ToDictionary(name => name, name => CorpusCache.Sha256OfFile(cache.DataPath(name)));
            var truthHeader = new CacheHeader(CorpusCache.TruthFormat, queryHeader.Count, TruthDepth, sources);
            if (cache.IsFresh(set.Truth, truthHeader, sizeof(int)))
            {
                Console.WriteLine($"{set.Truth}: top-{TruthDepth} cached, reused ({cache.DataPath(set.Truth)})");
                continue;
            }

            var watch = Stopwatch.StartNew();
            (float[] rows, int dimensions) = set.Load(cache);
            int[] truth = GroundTruth.TopK(rows, queries, dimensions, TruthDepth);
            cache.Write<int>(set.Truth, truthHeader, truth);
            Console.WriteLine($"{set.Truth}: exact top-{TruthDepth} of {queryHeader.Count:N0} queries over {rows.Length / dimensions:N0} rows in {watch.Elapsed.TotalSeconds:F1} s");
        }

        CorpusSet.WriteManifest(cache);
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
