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

    /// <summary><c>true</c> (default): a float32 scan of every row. <c>false</c>: an int8 scan picks
    /// <c>TopK × <see cref="Oversample"/></c> candidates, rescored in float32 (scores stay exact; recall may dip
    /// below 1).</summary>
    public bool Exact { get; init; } = true;

    /// <summary>Candidates per hit when <see cref="Exact"/> is <c>false</c>: 1 to
    /// <see cref="Search.SearchOptions.MaxOversample"/>; <c>null</c> for the service's
    /// <see cref="Search.SearchOptions.Oversample"/>.</summary>
    public int? Oversample { get; init; }
}
