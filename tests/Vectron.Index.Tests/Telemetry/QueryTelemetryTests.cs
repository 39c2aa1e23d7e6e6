using System.Diagnostics;
using Vectron.Index.Query;
using Vectron.Index.Telemetry;
using Vectron.Index.Tests.Query;
using Vectron.Index.Tests.Storage;

namespace Vectron.Index.Tests.Telemetry;

[Collection(TelemetryTestGroup.Name)]
public sealed class QueryTelemetryTests
{
    private const int Dimensions = 8;

    private static readonly string[] Phases = [QueryPhases.CatchUp, QueryPhases.Load, QueryPhases.Scan, QueryPhases.Fetch];

    [Fact]
    public async Task QueryAsync_WithListener_RecordsQuerySpanWithTagsAndPhaseChildren()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, maxSegmentRows: 40);
        var random = new Random(801);
        await bed.SeedAsync(random, compacted: 100, loggedFrom: 90, logged: 20);
        using var capture = new TelemetryCapture();

        for (int round = 0; round < 4; round++)
        {
            int k = random.Next(1, 30);
            ConsistencyMode consistency = round % 2 == 0 ? ConsistencyMode.Strong : ConsistencyMode.Eventual;
            QueryResult result = await bed.QueryAsync(TestData.Vector(random, Dimensions), k, QueryInclude.Text, consistency: consistency);

            Activity span = capture.Spans(TelemetryTags.QuerySpan, bed.Collection)[round];
            Assert.Equal(k, span.GetTagItem(TelemetryTags.TopK));
            Assert.Equal(consistency == ConsistencyMode.Strong ? "strong" : "eventual", span.GetTagItem(TelemetryTags.Consistency));
            Assert.Equal(result.Hits.Count, span.GetTagItem(TelemetryTags.Hits));
            Assert.Equal(result.Freshness.CaughtUp, span.GetTagItem(TelemetryTags.CaughtUp));
            Assert.Equal(false, span.GetTagItem(TelemetryTags.Filtered));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
            List<Activity> children = capture.ChildrenOf(span);
            Assert.Equal(Phases.Order(StringComparer.Ordinal), children.Select(c => c.OperationName).Order(StringComparer.Ordinal));
            Assert.All(children, c => Assert.InRange(c.StartTimeUtc, span.StartTimeUtc, span.StartTimeUtc + span.Duration));
        }
    }

    [Fact]
    public async Task QueryAsync_MissingCollection_MarksSpanFailed()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions);
        using var capture = new TelemetryCapture();
        string missing = $"{bed.Collection}x";

        await Assert.ThrowsAsync<Vectron.Index.Collections.CollectionNotFoundException>(
            () => bed.Service.QueryAsync(missing, new VectorQuery { Vector = new float[Dimensions] }));

        Activity span = Assert.Single(capture.Spans(TelemetryTags.QuerySpan, missing));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(nameof(Vectron.Index.Collections.CollectionNotFoundException), span.StatusDescription);
    }

    [Fact]
    public async Task QueryAsync_ColdThenWarm_RecordsPhaseDurationsCacheCountersAndBytes()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, maxSegmentRows: 40);
        var random = new Random(802);
        await bed.SeedAsync(random, compacted: 100 + random.Next(60), loggedFrom: 50, logged: 30);
        int segments = (await bed.Writer.GetStatsAsync(bed.Collection)).Segments;
        long downloadedBefore = bed.QueryStorage.BytesDownloaded;
        using var capture = new TelemetryCapture();
        float[] vector = TestData.Vector(random, Dimensions);

        QueryResult cold = await bed.QueryAsync(vector, 10, QueryInclude.Text);
        QueryResult warm = await bed.QueryAsync(vector, 10, QueryInclude.Text);
        List<MetricValue> metrics = capture.Collect();

        var collection = (TelemetryTags.Collection, (object)bed.Collection);
        foreach (string phase in Phases.Append(QueryPhases.Total))
        {
            Assert.Equal(2, metrics.Total(InstrumentNames.QueryDuration, collection, (TelemetryTags.Phase, phase)));
        }

        Assert.Equal(
            Seconds(cold.Timings.Load) + Seconds(warm.Timings.Load),
            metrics.SumOf(InstrumentNames.QueryDuration, collection, (TelemetryTags.Phase, QueryPhases.Load)),
            precision: 9);
        Assert.Equal(
            Seconds(cold.Timings) + Seconds(warm.Timings),
            metrics.SumOf(InstrumentNames.QueryDuration, collection, (TelemetryTags.Phase, QueryPhases.Total)),
            precision: 9);

        // Seconds with sub-millisecond buckets (the instrument's advice), not the SDK's millisecond defaults.
        MetricValue totals = Assert.Single(metrics, m => m.Name == InstrumentNames.QueryDuration && m.Has(TelemetryTags.Phase, QueryPhases.Total));
        Assert.InRange(FirstBound(totals), 0, 0.001);

        var vectors = (TelemetryTags.Part, (object)"vectors");
        var offsets = (TelemetryTags.Part, (object)"document_offsets");
        Assert.Equal(segments, metrics.Total(InstrumentNames.CacheMisses, vectors));
        Assert.Equal(segments, metrics.Total(InstrumentNames.CacheHits, vectors));
        Assert.Equal(metrics.Total(InstrumentNames.CacheMisses, offsets), metrics.Total(InstrumentNames.CacheHits, offsets));
        Assert.Equal(bed.Service.Cache.Loads, metrics.Total(InstrumentNames.CacheLoads));
        Assert.Equal(bed.QueryStorage.BytesDownloaded - downloadedBefore, metrics.Total(InstrumentNames.BytesDownloaded));

        // The gauges sum every cache alive in the process; this one's is part of the sum.
        Assert.InRange(Single(metrics, InstrumentNames.CacheBytesHeld).Gauge, Math.Max(1, bed.Service.Cache.BytesHeld), long.MaxValue);
        Assert.InRange(Single(metrics, InstrumentNames.CacheBudget).Gauge, bed.Service.Cache.BudgetBytes, long.MaxValue);
    }

    [Fact]
    public async Task QueryAsync_Filtered_TagsSpanAndCountsMetadataPart()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, maxSegmentRows: 40);
        var random = new Random(803);
        await bed.SeedAsync(random, compacted: 90, metadata: i => $$"""{"even":{{(i % 2 == 0 ? "true" : "false")}}}""");
        int segments = (await bed.Writer.GetStatsAsync(bed.Collection)).Segments;
        using var capture = new TelemetryCapture();
        var filter = Vectron.Index.Search.Filters.MetadataFilter.Parse("""{"even":true}""");

        await bed.QueryAsync(TestData.Vector(random, Dimensions), 5, filter: filter);
        await bed.QueryAsync(TestData.Vector(random, Dimensions), 5);

        Activity span = capture.Spans(TelemetryTags.QuerySpan, bed.Collection)[0];
        Assert.Equal(true, span.GetTagItem(TelemetryTags.Filtered));
        List<MetricValue> metrics = capture.Collect();
        var withMetadata = (TelemetryTags.Part, (object)"vectors_with_metadata");
        Assert.Equal(segments, metrics.Total(InstrumentNames.CacheMisses, withMetadata));
        // The unfiltered query after it is served by the fuller part: hits, no new load.
        Assert.Equal(segments, metrics.Total(InstrumentNames.CacheHits, withMetadata));
        Assert.Equal(0, metrics.Total(InstrumentNames.CacheMisses, (TelemetryTags.Part, "vectors")));
    }

    private static double FirstBound(MetricValue histogram)
    {
        foreach (OpenTelemetry.Metrics.HistogramBucket bucket in histogram.Point.GetHistogramBuckets())
        {
            return bucket.ExplicitBound;
        }

        throw new InvalidOperationException("No buckets.");
    }

    private static double Seconds(TimeSpan time) => time.TotalSeconds;

    private static double Seconds(QueryTimings timings) => (timings.CatchUp + timings.Load + timings.Scan + timings.Fetch).TotalSeconds;

    private static MetricValue Single(List<MetricValue> metrics, string name) => Assert.Single(metrics, m => m.Name == name);
}
