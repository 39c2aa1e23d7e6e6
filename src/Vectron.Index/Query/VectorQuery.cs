using Vectron.Index.Search.Filters;

namespace Vectron.Index.Query;

/// <summary>A nearest-neighbour query by vector.</summary>
public sealed record VectorQuery
{
    /// <summary>As many floats as the collection has dimensions; normalised by the service.</summary>
    public required ReadOnlyMemory<float> Vector { get; init; }

    /// <summary>1 to <see cref="Search.VectorSearcher.MaxTopK"/>.</summary>
    public int TopK { get; init; } = 10;

    /// <summary>Applied during the scan, so k hits come back whenever k documents match.</summary>
    public MetadataFilter? Filter { get; init; }

    public QueryInclude Include { get; init; }

    public ConsistencyMode Consistency { get; init; } = ConsistencyMode.Strong;
}
