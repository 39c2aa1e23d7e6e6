using System.Diagnostics;
using Vectron.Index.Query;

namespace Vectron.Index.Telemetry;

/// <summary>The query path's spans and measurements, so <see cref="VectronQueryService"/> stays about querying.</summary>
internal static class QueryTelemetry
{
    public static Activity? StartQuery(string collection, VectorQuery query)
    {
        Activity? activity = VectronTelemetry.Source.StartActivity(TelemetryTags.QuerySpan);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.Collection, collection);
            activity.SetTag(TelemetryTags.TopK, query.TopK);
            activity.SetTag(TelemetryTags.Consistency, ConsistencyTag(query.Consistency));
            activity.SetTag(TelemetryTags.Filtered, query.Filter is not null);
        }

        return activity;
    }

    /// <summary>A child span of the query span for one phase (<see cref="QueryPhases"/>); null when nobody listens.</summary>
    public static Activity? StartPhase(string phase) => VectronTelemetry.Source.StartActivity(phase);

    public static void Completed(Activity? activity, string collection, VectorQuery query, QueryResult result)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.Hits, result.Hits.Count);
            activity.SetTag(TelemetryTags.CaughtUp, result.Freshness.CaughtUp);
        }

        if (!VectronTelemetry.QueryDuration.Enabled)
        {
            return;
        }

        string consistency = ConsistencyTag(query.Consistency);
        QueryTimings timings = result.Timings;
        Record(collection, consistency, QueryPhases.CatchUp, timings.CatchUp);
        Record(collection, consistency, QueryPhases.Load, timings.Load);
        Record(collection, consistency, QueryPhases.Scan, timings.Scan);
        Record(collection, consistency, QueryPhases.Fetch, timings.Fetch);
        Record(collection, consistency, QueryPhases.Total, timings.CatchUp + timings.Load + timings.Scan + timings.Fetch);
    }

    private static void Record(string collection, string consistency, string phase, TimeSpan elapsed) =>
        VectronTelemetry.RecordQueryPhase(collection, phase, elapsed, consistency);

    private static string ConsistencyTag(ConsistencyMode consistency) => consistency switch
    {
        ConsistencyMode.Strong => "strong",
        ConsistencyMode.Eventual => "eventual",
        _ => "invalid",
    };
}
