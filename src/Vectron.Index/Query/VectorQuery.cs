using Vectron.Index.Search;
using Vectron.Index.Search.Filters;

namespace Vectron.Index.Query;

/// <summary>A nearest-neighbour query by vector, or by text that the service embeds.</summary>
public sealed record VectorQuery
{
    /// <summary>As many floats as the collection has dimensions; normalised by the service. Empty when
    /// <see cref="Text"/> is given.</summary>
    public ReadOnlyMemory<float> Vector { get; init; }

    /// <summary>Text to embed with the service's model instead of <see cref="Vector"/> (exactly one of the two).
    /// It is embedded while the service catches up with storage, so a strong query pays for the slower of the two,
    /// not their sum.</summary>
    public string? Text { get; init; }

    /// <summary>1 to <see cref="Search.VectorSearcher.MaxTopK"/>.</summary>
    public int TopK { get; init; } = 10;

    /// <summary>Applied during the scan, so k hits come back whenever k documents match.</summary>
    public MetadataFilter? Filter { get; init; }

    public QueryInclude Include { get; init; }

    public ConsistencyMode Consistency { get; init; } = ConsistencyMode.Strong;

    /// <summary><see cref="QueryMode.Exact"/>: a float32 scan of every row. <see cref="QueryMode.Fast"/>: binary and
    /// int8 codes pick <c>TopK × <see cref="Oversample"/></c> candidates, rescored in float32 (scores stay exact;
    /// recall may dip below 1). <c>null</c> for the service's <see cref="SearchOptions.Mode"/>.</summary>
    public QueryMode? Mode { get; init; }

    /// <summary>Candidates rescored per hit in <see cref="QueryMode.Fast"/>: 1 to
    /// <see cref="SearchOptions.MaxOversample"/>; <c>null</c> for the service's
    /// <see cref="SearchOptions.Oversample"/>.</summary>
    public int? Oversample { get; init; }
}
