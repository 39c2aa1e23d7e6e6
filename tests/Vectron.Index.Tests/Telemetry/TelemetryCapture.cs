using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Vectron.Index.Telemetry;

namespace Vectron.Index.Tests.Telemetry;

/// <summary>
/// Vectron's spans and metrics through the OpenTelemetry SDK into in-memory exporters, as an app would subscribe.
/// Metrics are cumulative since the capture started; <see cref="Collect"/> exports the current totals.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly TracerProvider _tracer;
    private readonly MeterProvider _meter;

    public TelemetryCapture()
    {
        _tracer = Sdk.CreateTracerProviderBuilder().AddSource(VectronTelemetry.Name).AddInMemoryExporter(_spans).Build();
        _meter = Sdk.CreateMeterProviderBuilder().AddMeter(VectronTelemetry.Name).AddInMemoryExporter(_metrics).Build();
    }

    /// <summary>Ended spans of the given name whose collection tag is <paramref name="collection"/>.</summary>
    public List<Activity> Spans(string name, string collection)
    {
        _tracer.ForceFlush();
        lock (_spans)
        {
            return _spans.Where(s => s.OperationName == name && Equals(s.GetTagItem(TelemetryTags.Collection), collection)).ToList();
        }
    }

    public List<Activity> ChildrenOf(Activity parent)
    {
        lock (_spans)
        {
            return _spans.Where(s => s.ParentSpanId == parent.SpanId && s.TraceId == parent.TraceId).ToList();
        }
    }

    /// <summary>The current totals: every point of every instrument, with its tags.</summary>
    public List<MetricValue> Collect()
    {
        _metrics.Clear();
        _meter.ForceFlush();
        var values = new List<MetricValue>();
        foreach (MetricSnapshot metric in _metrics)
        {
            foreach (MetricPoint point in metric.MetricPoints)
            {
                var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (KeyValuePair<string, object?> tag in point.Tags)
                {
                    tags[tag.Key] = tag.Value;
                }

                values.Add(new MetricValue(metric.Name, metric.MetricType, tags, point));
            }
        }

        return values;
    }

    public void Dispose()
    {
        _tracer.Dispose();
        _meter.Dispose();
    }
}

/// <summary>One point of one instrument.</summary>
internal sealed record MetricValue(string Name, MetricType Type, IReadOnlyDictionary<string, object?> Tags, MetricPoint Point)
{
    public bool Has(string tag, object value) => Tags.TryGetValue(tag, out object? actual) && Equals(actual, value);

    public long Count => Type switch
    {
        MetricType.Histogram => Point.GetHistogramCount(),
        MetricType.LongSum => Point.GetSumLong(),
        _ => throw new InvalidOperationException($"{Name} is a {Type}."),
    };

    public double Sum => Type switch
    {
        MetricType.Histogram => Point.GetHistogramSum(),
        MetricType.LongSum => Point.GetSumLong(),
        _ => throw new InvalidOperationException($"{Name} is a {Type}."),
    };

    public long Gauge => Type == MetricType.LongGauge ? Point.GetGaugeLastValueLong() : throw new InvalidOperationException($"{Name} is a {Type}.");
}

internal static class MetricValues
{
    /// <summary>Sum of a counter (or count of a histogram) over the points that carry every given tag.</summary>
    public static long Total(this IEnumerable<MetricValue> values, string name, params (string Tag, object Value)[] tags) =>
        values.Where(v => v.Name == name && tags.All(t => v.Has(t.Tag, t.Value))).Sum(v => v.Count);

    public static double SumOf(this IEnumerable<MetricValue> values, string name, params (string Tag, object Value)[] tags) =>
        values.Where(v => v.Name == name && tags.All(t => v.Has(t.Tag, t.Value))).Sum(v => v.Sum);
}

/// <summary>
/// Telemetry tests read process-wide instruments (the cache and download counters carry no collection tag), so
/// they run alone, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryTestGroup
{
    public const string Name = "Telemetry";
}
