using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Vectron.Index.Embedding;
using Xunit.Abstractions;

namespace Vectron.Index.Tests.Embedding;

/// <summary>One int8 generator for the tests below (quantizing and loading take a while).</summary>
public sealed class Int8GeneratorFixture : IDisposable
{
    public OnnxEmbeddingGenerator Generator { get; } = new(new EmbeddingOptions { Precision = EmbeddingPrecision.Int8 });

    public void Dispose() => Generator.Dispose();
}

/// <summary>
/// The int8 option against fp32: the reference vectors in the fixture are fp32 ONNX Runtime's (which the fp32 path
/// matches at cosine 0.9999), so they stand for the fp32 path here. Floors are set a little under what was measured
/// on this machine with either weight range (full: mean 0.991, min 0.970; 7-bit: mean 0.989, min 0.968), since the
/// range the generator picks depends on the CPU.
/// </summary>
public sealed class Int8EmbeddingTests(Int8GeneratorFixture fixture, ITestOutputHelper output) : IClassFixture<Int8GeneratorFixture>
{
    private readonly OnnxEmbeddingGenerator _generator = fixture.Generator;

    private const double MinMeanCosine = 0.985;
    private const double MinCosine = 0.96;

    [Fact]
    public async Task GenerateAsync_Int8ReferenceCases_CloseToFloat32()
    {
        var cases = ReferenceFixture.Cases;

        var embeddings = await _generator.GenerateAsync(cases.Select(c => c.Text));

        AssertCloseToReference(cases, embeddings, $"int8 (weight range {_generator.Quantization!.WeightRange})");
    }

    [Fact]
    public async Task GenerateAsync_ReducedRangeModel_CloseToFloat32()
    {
        // The 7-bit weights CPUs without VNNI get, tested here whatever this CPU is: quantized to a file and loaded as is.
        var path = Path.Combine(Path.GetTempPath(), $"vectron-int8-{Guid.NewGuid():N}.onnx");
        var cases = ReferenceFixture.Cases;
        try
        {
            File.WriteAllBytes(path, OnnxInt8Quantizer.Quantize(File.ReadAllBytes(new EmbeddingOptions().ResolvedModelPath), OnnxInt8Quantizer.ReducedRange, out _));
            using var reduced = new OnnxEmbeddingGenerator(new EmbeddingOptions { ModelPath = path });

            var embeddings = await reduced.GenerateAsync(cases.Select(c => c.Text));

            AssertCloseToReference(cases, embeddings, "int8 (weight range 63)");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private void AssertCloseToReference(IReadOnlyList<ReferenceCase> cases, GeneratedEmbeddings<Embedding<float>> embeddings, string what)
    {
        var cosines = cases.Select((c, i) => TensorPrimitives.CosineSimilarity(c.Embedding(), embeddings[i].Vector.Span)).ToArray();
        var worst = cosines.Select((cosine, i) => (cosine, i)).Min();
        output.WriteLine($"{what} vs fp32 over {cases.Count} texts: mean {cosines.Average():F5}, min {worst.cosine:F5} ({cases[worst.i]})");
        Assert.True(cosines.Average() >= MinMeanCosine, $"{what}: mean cosine {cosines.Average()}");
        Assert.True(worst.cosine >= MinCosine, $"{what}: min cosine {worst.cosine} for {cases[worst.i]}");
    }

    [Fact]
    public async Task GenerateAsync_Int8CorpusSearch_TopTenMostlyAgreesWithFloat32()
    {
        // 40 sentences, each embedded alone as a query would be, search the other 399 Brown sentences embedded in
        // batches as documents would be; compare the top 10 with fp32's.
        var corpus = ReferenceFixture.Cases.Where(c => c.Kind == "corpus").ToArray();
        var fp32 = corpus.Select(c => c.Embedding()).ToArray();
        var int8 = (await _generator.GenerateAsync(corpus.Select(c => c.Text))).Select(e => e.Vector.ToArray()).ToArray();

        var overlaps = new List<int>();
        for (var query = 0; query < corpus.Length; query += corpus.Length / 40)
        {
            var alone = (await _generator.GenerateVectorAsync(corpus[query].Text)).ToArray();
            overlaps.Add(TopTen(fp32, fp32[query], query).Intersect(TopTen(int8, alone, query)).Count());
        }

        output.WriteLine($"top-10 overlap over {overlaps.Count} queries: mean {overlaps.Average():F2}, min {overlaps.Min()}");
        Assert.True(overlaps.Average() >= 8, $"mean top-10 overlap {overlaps.Average()}");
        Assert.True(overlaps.Min() >= 5, $"min top-10 overlap {overlaps.Min()}");
    }

    [Fact]
    public async Task GenerateAsync_Int8SameTextAloneAndInBatch_NearlyEqual()
    {
        // Activations are quantized with one range per call's batch tensor, so a text's vector depends slightly on
        // its batch-mates (fp32 gives identical vectors); the difference must stay far below what separates texts.
        var texts = ReferenceFixture.Cases.Where(c => c.Kind is "corpus" or "hard").Select(c => c.Text).Take(48).ToArray();
        var batched = await _generator.GenerateAsync(texts);

        var worst = 1f;
        for (var i = 0; i < texts.Length; i += 4)
        {
            var alone = await _generator.GenerateVectorAsync(texts[i]);
            worst = Math.Min(worst, TensorPrimitives.CosineSimilarity(alone.Span, batched[i].Vector.Span));
        }

        output.WriteLine($"alone vs batched, worst cosine {worst:F5}");
        Assert.True(worst >= 0.97f, $"worst cosine {worst}");
    }

    [Fact]
    public async Task GenerateAsync_Int8_UnitLengthAndSameTokenProperties()
    {
        var cases = ReferenceFixture.Cases.Where((_, i) => i % 5 == 0).ToArray();

        var embeddings = await _generator.GenerateAsync(cases.Select(c => c.Text));

        for (var i = 0; i < cases.Length; i++)
        {
            Assert.Equal(cases[i].Embedding().Length, embeddings[i].Vector.Length);
            Assert.InRange(TensorPrimitives.Norm(embeddings[i].Vector.Span), 0.99999f, 1.00001f);
            Assert.Equal(cases[i].Ids.Length, embeddings[i].AdditionalProperties![OnnxEmbeddingGenerator.TokenCountProperty]);
        }
    }

    [Fact]
    public void Constructor_Int8_ReportsQuantizedMatMuls()
    {
        var summary = _generator.Quantization;

        Assert.NotNull(summary);
        Assert.True(summary.MatMuls > 0);
        Assert.True(summary.WeightBytesAfter * 3 < summary.WeightBytesBefore);
    }

    [Fact]
    public void Constructor_Int8FileIsNotAnOnnxModel_ThrowsEmbeddingModelException()
    {
        var notAModel = new EmbeddingOptions().ResolvedVocabularyPath;

        var exception = Assert.Throws<EmbeddingModelException>(
            () => new OnnxEmbeddingGenerator(new EmbeddingOptions { ModelPath = notAModel, Precision = EmbeddingPrecision.Int8 }));

        Assert.Equal(notAModel, exception.Path);
    }

    private static IEnumerable<int> TopTen(float[][] documents, float[] query, int queryIndex) =>
        Enumerable.Range(0, documents.Length)
            .Where(i => i != queryIndex)
            .OrderByDescending(i => TensorPrimitives.Dot(query, documents[i]))
            .Take(10);
}
