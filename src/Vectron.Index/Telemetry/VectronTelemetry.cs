using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Vectron.Index.Telemetry;

/// <summary>
/// The one home of Vectron's telemetry: an <see cref="ActivitySource"/> and a <see cref="Meter"/>, both named
/// <see cref="Name"/>, and every instrument. Exporters subscribe by that name (<c>AddSource("Vectron")</c>,
/// <c>AddMeter("Vectron")</c>). With nobody listening, <c>StartActivity</c> returns null and recording a
/// measurement is a check of a flag, so the engine calls these unconditionally.
/// </summary>
public static class VectronTelemetry
{
    /// <summary>Name of the activity source and of the meter.</summary>
    public const string Name = "Vectron";

    // Bucket advice (honoured by the OpenTelemetry SDK): its default boundaries suit milliseconds, not seconds.
    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    };

    public static ActivitySource Source { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);

    /// <summary>Seconds per query phase (tags <see cref="TelemetryTags.Phase"/>, collection, consistency).</summary>
    public static Histogram<double> QueryDuration { get; } = Meter.CreateHistogram<double>(
        InstrumentNames.QueryDuration, "s", "Query time by phase: embed, catch_up, load, scan, fetch, and total.", tags: null, SecondsBuckets);

    public static Counter<long> CacheHits { get; } = Meter.CreateCounter<long>(
        InstrumentNames.CacheHits, "{part}", "Segment parts the query path found in the cache.");

    public static Counter<long> CacheMisses { get; } = Meter.CreateCounter<long>(
        InstrumentNames.CacheMisses, "{part}", "Segment parts the query path did not find in the cache (a load started or joined).");

    public static Counter<long> CacheLoads { get; } = Meter.CreateCounter<long>(
        InstrumentNames.CacheLoads, "{load}", "Loads of segment parts from storage (a load shared by concurrent queries counts once).");

    public static Counter<long> CacheEvictions { get; } = Meter.CreateCounter<long>(
        InstrumentNames.CacheEvictions, "{part}", "Segment parts evicted to stay within the cache budget.");

    public static Counter<long> BytesDownloaded { get; } = Meter.CreateCounter<long>(
        InstrumentNames.BytesDownloaded, "By", "Response bytes of blob GET requests.");

    public static Counter<long> DocumentsWritten { get; } = Meter.CreateCounter<long>(
        InstrumentNames.DocumentsWritten, "{document}", "Documents upserted or deleted (tag operation), acknowledged as durable.");

    public static Histogram<double> AppendDuration { get; } = Meter.CreateHistogram<double>(
        InstrumentNames.AppendDuration, "s", "Time of one append block to a collection log (group commit included).", tags: null, SecondsBuckets);

    public static Histogram<long> AppendBytes { get; } = Meter.CreateHistogram<long>(
        InstrumentNames.AppendBytes, "By", "Bytes of one append block to a collection log.");

    public static Histogram<long> EmbeddingTexts { get; } = Meter.CreateHistogram<long>(
        InstrumentNames.EmbeddingTexts, "{text}", "Texts per embedding call.");

    public static Histogram<double> EmbeddingDuration { get; } = Meter.CreateHistogram<double>(
        InstrumentNames.EmbeddingDuration, "s", "Time of one embedding call (tokenize and infer).", tags: null, SecondsBuckets);

    public static Histogram<long> EmbeddingTokens { get; } = Meter.CreateHistogram<long>(
        InstrumentNames.EmbeddingTokens, "{token}", "Word pieces per embedding call, [CLS]/[SEP] included.");

    /// <summary>Documents taken in by bulk ingestion (tag collection). Recorded by the ingestion engine.</summary>
    public static Counter<long> DocumentsIngested { get; } = Meter.CreateCounter<long>(
        InstrumentNames.DocumentsIngested, "{document}", "Documents written by bulk ingestion.");

    /// <summary>Seconds between a queue message's insertion and the start of its processing. Recorded by the queue runner.</summary>
    public static Histogram<double> QueueLag { get; } = Meter.CreateHistogram<double>(
        InstrumentNames.QueueLag, "s", "Time a bulk message waited in the queue before processing started.", tags: null, SecondsBuckets);

    static VectronTelemetry()
    {
        Meter.CreateObservableGauge(
            InstrumentNames.CacheBytesHeld, CacheGauges.BytesHeld, "By", "Estimated bytes the segment caches hold.");
        Meter.CreateObservableGauge(
            InstrumentNames.CacheBudget, CacheGauges.Budget, "By", "Byte budget of the segment caches.");
    }

    /// <summary>
    /// Records one phase of a query in <see cref="QueryDuration"/>. The engine records its own phases; the HTTP layer
    /// records <see cref="QueryPhases.Embed"/> when it embeds a query text.
    /// </summary>
    public static void RecordQueryPhase(string collection, string phase, TimeSpan elapsed, string? consistency = null)
    {
        if (!QueryDuration.Enabled)
        {
            return;
        }

        var tags = new TagList { { TelemetryTags.Collection, collection }, { TelemetryTags.Phase, phase } };
        if (consistency is not null)
        {
            tags.Add(TelemetryTags.Consistency, consistency);
        }

        QueryDuration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>Marks a span failed with the exception (type as the status description, details as an event).</summary>
    internal static void Failed(Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        activity?.AddException(exception);
    }
}
