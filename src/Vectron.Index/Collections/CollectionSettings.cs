namespace Vectron.Index.Collections;

/// <summary>What a collection is created with. Creating again with equal settings is a no-op.</summary>
/// <param name="Dimensions">Length of every vector, 1 to <see cref="DocumentLimits.MaxDimensions"/>.</param>
/// <param name="Metric">Similarity measure; cosine only.</param>
/// <param name="ModelId">Embedding model the vectors come from, when the server embeds text.</param>
/// <param name="ModelHash">Hash of that model's files, so a different model under the same id is noticed.</param>
public sealed record CollectionSettings(
    int Dimensions,
    DistanceMetric Metric = DistanceMetric.Cosine,
    string? ModelId = null,
    string? ModelHash = null)
{
    /// <summary>Throws <see cref="VectronValidationException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (Dimensions is < 1 or > DocumentLimits.MaxDimensions)
        {
            throw new VectronValidationException("dimensions", $"Dimensions must be between 1 and {DocumentLimits.MaxDimensions}.");
        }

        if (!Enum.IsDefined(Metric))
        {
            throw new VectronValidationException("metric", "The only supported metric is cosine.");
        }

        if (ModelId is { Length: > DocumentLimits.MaxModelIdLength })
        {
            throw new VectronValidationException("modelId", $"A model id has at most {DocumentLimits.MaxModelIdLength} characters.");
        }

        if (ModelHash is { Length: > DocumentLimits.MaxModelIdLength })
        {
            throw new VectronValidationException("modelHash", $"A model hash has at most {DocumentLimits.MaxModelIdLength} characters.");
        }
    }
}
