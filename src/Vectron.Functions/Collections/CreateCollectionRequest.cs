using Vectron.Functions.Embed;
using Vectron.Index.Collections;
using Vectron.Index.Embedding;

namespace Vectron.Functions.Collections;

/// <summary>
/// Body of <c>PUT /api/collections/{name}</c>: <c>{"model": "all-MiniLM-L6-v2"}</c> for a collection whose text the
/// server embeds, or <c>{"dimensions": 768}</c> for one that takes vectors only; <c>metric</c> is optional (cosine).
/// </summary>
public sealed class CreateCollectionRequest
{
    public const string CosineMetric = "cosine";

    public int? Dimensions { get; init; }

    public string? Model { get; init; }

    public string? Metric { get; init; }

    /// <summary>The engine's settings for this request; throws naming the field that does not fit.</summary>
    public CollectionSettings ToSettings(EmbeddingModel serverModel)
    {
        ArgumentNullException.ThrowIfNull(serverModel);
        if (Metric is not null && !Metric.Equals(CosineMetric, StringComparison.OrdinalIgnoreCase))
        {
            throw new VectronValidationException("metric", $"The only supported metric is '{CosineMetric}'.");
        }

        if (Model is null)
        {
            return Dimensions is null
                ? throw new VectronValidationException("dimensions", "Give 'dimensions' (vectors only) or 'model' (the server embeds text).")
                : new CollectionSettings(Dimensions.Value);
        }

        if (!Model.Equals(serverModel.Id, StringComparison.Ordinal))
        {
            throw new VectronValidationException("model", $"This server embeds with model '{serverModel.Id}' only.");
        }

        if (Dimensions is { } dimensions && dimensions != serverModel.Dimensions)
        {
            throw new VectronValidationException("dimensions", $"Model '{serverModel.Id}' makes vectors of {serverModel.Dimensions} dimensions, not {dimensions}.");
        }

        return new CollectionSettings(serverModel.Dimensions, ModelId: serverModel.Id);
    }
}
