using Vectron.Index.Collections;

namespace Vectron.Functions.Collections;

/// <summary>A collection as the API shows it; <c>model</c> is null for a vectors-only collection.</summary>
public sealed record CollectionResponse(string Name, int Dimensions, string Metric, string? Model, DateTimeOffset CreatedAt)
{
    public static CollectionResponse From(CollectionInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new CollectionResponse(info.Name, info.Settings.Dimensions, info.Settings.Metric.ToString().ToLowerInvariant(), info.Settings.ModelId, info.CreatedAt);
    }
}

/// <summary>Answer of <c>GET /api/collections</c>.</summary>
public sealed record CollectionListResponse(IReadOnlyList<CollectionResponse> Collections);

/// <summary>Answer of <c>GET /api/collections/{name}</c>: the collection and its size.</summary>
public sealed record CollectionStatsResponse(
    string Name, int Dimensions, string Metric, string? Model, DateTimeOffset CreatedAt,
    int Count, int Segments, long Bytes, long LogBytes)
{
    public static CollectionStatsResponse From(CollectionInfo info, CollectionStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var collection = CollectionResponse.From(info);
        return new CollectionStatsResponse(
            collection.Name, collection.Dimensions, collection.Metric, collection.Model, collection.CreatedAt,
            stats.Count, stats.Segments, stats.Bytes, stats.LogBytes);
    }
}
