using Microsoft.Extensions.AI;
using Vectron.Index.Collections;

namespace Vectron.Index.Embedding;

/// <summary>
/// The embedding model a generator runs (id and dimensions from its metadata), and the one rule that a collection
/// only gets text embedded by the model it was created with.
/// </summary>
public sealed record EmbeddingModel(string Id, int Dimensions)
{
    public static EmbeddingModel Of(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        return new EmbeddingModel(metadata?.DefaultModelId ?? "unknown", metadata?.DefaultModelDimensions ?? 0);
    }

    /// <summary>Throws naming <paramref name="field"/> unless text for <paramref name="collection"/> may be embedded by this model.</summary>
    public void EnsureCanEmbedFor(CollectionInfo collection, string field)
    {
        ArgumentNullException.ThrowIfNull(collection);
        EnsureCanEmbedFor(collection.Name, collection.Settings, field);
    }

    /// <summary>Throws naming <paramref name="field"/> unless text for the collection <paramref name="name"/> with
    /// <paramref name="settings"/> may be embedded by this model.</summary>
    public void EnsureCanEmbedFor(string name, CollectionSettings settings, string field)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.ModelId is null)
        {
            throw new VectronValidationException(field, $"Collection '{name}' was created without a model, so it takes vectors only; send 'vector'.");
        }

        if (!string.Equals(settings.ModelId, Id, StringComparison.Ordinal) || settings.Dimensions != Dimensions)
        {
            throw new VectronValidationException(
                field,
                $"Collection '{name}' holds vectors of model '{settings.ModelId}' ({settings.Dimensions} dimensions); this server embeds with '{Id}' ({Dimensions} dimensions). Send 'vector'.");
        }
    }
}
