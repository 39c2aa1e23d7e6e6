using Vectron.Index.Embedding;

namespace Vectron.Index.Tests.Embedding;

/// <summary>One generator over the bundled model for every embedding test class (loading the session takes a while).</summary>
public sealed class EmbeddingGeneratorFixture : IDisposable
{
    public OnnxEmbeddingGenerator Generator { get; } = new(new EmbeddingOptions());

    public void Dispose() => Generator.Dispose();
}

[CollectionDefinition(Name)]
public sealed class EmbeddingTestGroup : ICollectionFixture<EmbeddingGeneratorFixture>
{
    public const string Name = "Embedding";
}
