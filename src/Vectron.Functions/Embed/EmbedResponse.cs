using Microsoft.Extensions.AI;
using Vectron.Index.Embedding;

namespace Vectron.Functions.Embed;

/// <summary>Answer of <c>POST /api/embed</c>: one item per input text, in input order.</summary>
public sealed record EmbedResponse(string Model, int Dimensions, IReadOnlyList<EmbeddingItem> Data)
{
    public static EmbedResponse From(GeneratedEmbeddings<Embedding<float>> embeddings, EmbeddingGeneratorMetadata? metadata)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        var items = new EmbeddingItem[embeddings.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var embedding = embeddings[i];
            var properties = embedding.AdditionalProperties;
            items[i] = new EmbeddingItem(
                i,
                embedding.Vector.ToArray(),
                properties?.TryGetValue(OnnxEmbeddingGenerator.TruncatedProperty, out bool truncated) == true && truncated,
                properties?.TryGetValue(OnnxEmbeddingGenerator.TokenCountProperty, out int tokens) == true ? tokens : 0);
        }

        var model = metadata?.DefaultModelId ?? (embeddings.Count > 0 ? embeddings[0].ModelId : null) ?? "unknown";
        var dimensions = metadata?.DefaultModelDimensions ?? (embeddings.Count > 0 ? embeddings[0].Dimensions : 0);
        return new EmbedResponse(model, dimensions, items);
    }
}

/// <summary>One embedding: <paramref name="Index"/> of its text in the request, whether it was truncated, its word pieces.</summary>
public sealed record EmbeddingItem(int Index, float[] Embedding, bool Truncated, int Tokens);
