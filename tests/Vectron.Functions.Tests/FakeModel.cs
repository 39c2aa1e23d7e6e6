using Microsoft.Extensions.AI;
using Moq;

namespace Vectron.Functions.Tests;

/// <summary>A strict mock embedder that reports a model id and dimensions and embeds each text to a seeded vector.</summary>
internal static class FakeModel
{
    public const string Id = "test-model";
    public const int Dimensions = 4;

    public static Mock<IEmbeddingGenerator<string, Embedding<float>>> Create()
    {
        var generator = new Mock<IEmbeddingGenerator<string, Embedding<float>>>(MockBehavior.Strict);
        generator.Setup(g => g.GetService(typeof(EmbeddingGeneratorMetadata), null))
            .Returns(new EmbeddingGeneratorMetadata("test", defaultModelId: Id, defaultModelDimensions: Dimensions));
        generator.Setup(g => g.GenerateAsync(It.IsAny<IEnumerable<string>>(), It.IsAny<EmbeddingGenerationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IEnumerable<string> texts, EmbeddingGenerationOptions? _, CancellationToken _) =>
                new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => new Embedding<float>(VectorOf(t)))));
        return generator;
    }

    /// <summary>The vector the fake model gives <paramref name="text"/>.</summary>
    public static float[] VectorOf(string text)
    {
        var random = new Random(StringComparer.Ordinal.GetHashCode(text) & 0x7fffffff);
        return Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() + 0.1f).ToArray();
    }
}
