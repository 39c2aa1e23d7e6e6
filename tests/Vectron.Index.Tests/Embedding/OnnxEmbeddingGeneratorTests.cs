using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Vectron.Index.Embedding;

namespace Vectron.Index.Tests.Embedding;

[Collection(EmbeddingTestGroup.Name)]
public sealed class OnnxEmbeddingGeneratorTests(EmbeddingGeneratorFixture fixture)
{
    private readonly OnnxEmbeddingGenerator _generator = fixture.Generator;

    [Fact]
    public async Task GenerateAsync_ReferenceCases_CosineWithReferenceAtLeast0_9999()
    {
        var cases = ReferenceFixture.Cases;
        var embeddings = await _generator.GenerateAsync(cases.Select(c => c.Text));

        Assert.Equal(cases.Count, embeddings.Count);
        var failures = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            var cosine = TensorPrimitives.CosineSimilarity(cases[i].Embedding(), embeddings[i].Vector.Span);
            if (cosine < 0.9999f)
            {
                failures.Add($"{cases[i]}: cosine {cosine}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(10)));
    }

    [Fact]
    public async Task GenerateAsync_ReferenceCases_UnitLengthAndReportedProperties()
    {
        var cases = ReferenceFixture.Cases.Where((_, i) => i % 3 == 0).ToArray();
        var embeddings = await _generator.GenerateAsync(cases.Select(c => c.Text));

        for (var i = 0; i < cases.Length; i++)
        {
            Assert.Equal(_generator.Dimensions, embeddings[i].Vector.Length);
            Assert.InRange(TensorPrimitives.Norm(embeddings[i].Vector.Span), 0.99999f, 1.00001f);
            Assert.Equal(cases[i].UntruncatedLength > _generator.MaxTokens, embeddings[i].AdditionalProperties![OnnxEmbeddingGenerator.TruncatedProperty]);
            Assert.Equal(cases[i].Ids.Length, embeddings[i].AdditionalProperties![OnnxEmbeddingGenerator.TokenCountProperty]);
            Assert.Equal(_generator.ModelId, embeddings[i].ModelId);
        }
    }

    [Fact]
    public async Task GenerateAsync_SameTextTwice_IdenticalVectors()
    {
        const string text = "Identical text gives an identical vector.";
        var first = await _generator.GenerateVectorAsync(text);
        var second = await _generator.GenerateVectorAsync(text);
        var batch = await _generator.GenerateAsync([text, "other", text]);

        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(batch[0].Vector.ToArray(), batch[2].Vector.ToArray());
    }

    [Fact]
    public async Task GenerateAsync_ConcurrentCallers_SameAsSequential()
    {
        var random = new Random(7);
        var requests = Enumerable.Range(0, 12)
            .Select(_ => Enumerable.Range(0, random.Next(1, 9)).Select(_ => ReferenceFixture.Cases[random.Next(ReferenceFixture.Cases.Count)].Text).ToArray())
            .ToArray();
        var sequential = new List<GeneratedEmbeddings<Embedding<float>>>();
        foreach (var request in requests)
        {
            sequential.Add(await _generator.GenerateAsync(request));
        }

        var concurrent = await Task.WhenAll(requests.Select(request => Task.Run(() => _generator.GenerateAsync(request))));

        for (var r = 0; r < requests.Length; r++)
        {
            for (var i = 0; i < requests[r].Length; i++)
            {
                Assert.Equal(sequential[r][i].Vector.ToArray(), concurrent[r][i].Vector.ToArray());
            }
        }
    }

    [Fact]
    public async Task GenerateAsync_OverlongText_ReportsTruncation()
    {
        var embeddings = await _generator.GenerateAsync([string.Join(' ', Enumerable.Repeat("window", 500)), "short text"]);

        Assert.Equal(true, embeddings[0].AdditionalProperties![OnnxEmbeddingGenerator.TruncatedProperty]);
        Assert.Equal(_generator.MaxTokens, embeddings[0].AdditionalProperties![OnnxEmbeddingGenerator.TokenCountProperty]);
        Assert.Equal(false, embeddings[1].AdditionalProperties![OnnxEmbeddingGenerator.TruncatedProperty]);
        Assert.Equal(4, embeddings[1].AdditionalProperties![OnnxEmbeddingGenerator.TokenCountProperty]);
    }

    [Fact]
    public void GetService_Metadata_CarriesModelIdAndDimensions()
    {
        var metadata = _generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal(EmbeddingOptions.BundledModelId, metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
        Assert.Equal(384, _generator.Dimensions);
    }

    [Fact]
    public async Task GenerateAsync_OtherDimensionsRequested_ThrowsNotSupported()
    {
        var request = new EmbeddingGenerationOptions { Dimensions = _generator.Dimensions / 2 };

        await Assert.ThrowsAsync<NotSupportedException>(() => _generator.GenerateAsync(["text"], request));
        Assert.Single(await _generator.GenerateAsync(["text"], new EmbeddingGenerationOptions { Dimensions = _generator.Dimensions }));
    }

    [Fact]
    public async Task GenerateAsync_Cancelled_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _generator.GenerateAsync(["text"], cancellationToken: cancellation.Token));
    }
}
