using Vectron.Index.Search;

namespace Vectron.Index.Query;

/// <summary>The hits of a query, best first, with how long each step took, how fresh the answer is, and the mode
/// that answered it (<see cref="QueryMode.Exact"/> also when a fast query's candidates covered every row).</summary>
public sealed record QueryResult(IReadOnlyList<QueryHit> Hits, QueryTimings Timings, QueryFreshness Freshness, QueryMode Mode = QueryMode.Exact);

/// <summary>One document in a result. <see cref="Metadata"/>, <see cref="Text"/> and <see cref="Vector"/> are set
/// when the query's <see cref="QueryInclude"/> asked for them and the document has them.</summary>
public sealed record QueryHit(string Id, float Score, string? Metadata, string? Text, float[]? Vector);

/// <summary>Time spent catching up with writers, loading segment blocks the cache did not hold (zero when warm),
/// scanning, fetching what <c>include</c> asked for, and embedding the query text (zero for a vector query; it runs
/// beside the catch-up, so the two overlap); for a <c>Server-Timing</c> header.</summary>
public readonly record struct QueryTimings(TimeSpan CatchUp, TimeSpan Load, TimeSpan Scan, TimeSpan Fetch, TimeSpan Embed = default);

/// <summary>How fresh an answer is.</summary>
/// <param name="AsOf">When the catch-up the answer is based on started: every write acknowledged before this
/// instant is in the answer.</param>
/// <param name="CaughtUp">Whether this query waited for a catch-up that started after it arrived (always in strong
/// mode); false when an eventual query was served from the view of an earlier catch-up.</param>
public readonly record struct QueryFreshness(DateTimeOffset AsOf, bool CaughtUp);
