using Microsoft.Extensions.AI;
using Vectron.Index.Collections;

namespace Vectron.Functions.Embed;

/// <summary>
/// The embedding model this server runs (id and dimensions from the generator's metadata), and the one rule that a
/// collection only gets text embedded by the model it was created with.
/// </summary>
public sealed record ServerModel(string Id, int Dimensions)
{
    public static ServerModel Of(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        return new ServerModel(metadata?.DefaultModelId ?? "unknown", metadata?.DefaultModelDimensions ?? 0);
    }

    /// <summary>Throws naming <paramref name="field"/> unless text for <paramref name="collection"/> may be embedded by this model.</summary>
    public void EnsureCanEmbedFor(CollectionInfo collection, string field)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var settings = collection.Settings;
        if (settings.ModelId is null)
        {
            throw new VectronValidationException(field, $"Collection '{collection.Name}' was created without a model, so it takes vectors only; send 'vector'.");
        }

        if (!string.Equals(settings.ModelId, Id, StringComparison.Ordinal) || settings.Dimensions != Dimensions)
        {
            throw new VectronValidationException(
                field,
                $"Collection '{collection.Name}' holds vectors of model '{settings.ModelId}' ({settings.Dimensions} dimensions); this server embeds with '{Id}' ({Dimensions} dimensions). Send 'vector'.");
        }
    }
}
