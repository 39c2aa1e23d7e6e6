using System.Text.Json;
using System.Text.Json.Serialization;
using Vectron.Functions.Http;
using Vectron.Index.Query;

namespace Vectron.Functions.Query;

/// <summary>Answer of a query: hits best first (cosine similarity, then id), how fresh the answer is, and the mode
/// that answered (<c>exact</c> also when a fast query's candidates covered every row).</summary>
public sealed record QueryResponse(IReadOnlyList<QueryHitResponse> Hits, QueryFreshnessResponse Freshness, string Mode)
{
    public static QueryResponse From(QueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var hits = new QueryHitResponse[result.Hits.Count];
        for (var i = 0; i < hits.Length; i++)
        {
            var hit = result.Hits[i];
            hits[i] = new QueryHitResponse(hit.Id, hit.Score, MetadataElement.Parse(hit.Metadata), hit.Text, hit.Vector);
        }

        return new QueryResponse(
            hits, new QueryFreshnessResponse(result.Freshness.AsOf, result.Freshness.CaughtUp), result.Mode.ToString().ToLowerInvariant());
    }
}

/// <summary>One hit: id and score always; metadata, text and vector when <c>include</c> asked for them.</summary>
public sealed record QueryHitResponse(
    string Id,
    float Score,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Metadata,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] float[]? Vector);

/// <summary>Every write acknowledged before <paramref name="AsOf"/> is in the answer; <paramref name="CaughtUp"/>: this query waited for a fresh catch-up.</summary>
public sealed record QueryFreshnessResponse(DateTimeOffset AsOf, bool CaughtUp);
