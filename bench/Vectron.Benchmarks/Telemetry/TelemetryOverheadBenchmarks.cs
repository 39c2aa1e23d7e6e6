using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Vectron.Index.Query;
using Vectron.Index.Telemetry;

namespace Vectron.Benchmarks.Telemetry;

/// <summary>
/// What the query path's instrumentation costs per query (the query span, four phase spans, five histogram points,
/// four cache-hit counts), with nobody listening and with the OpenTelemetry SDK subscribed (no exporter: the cost of
/// recording, not of shipping). Compare with a warm query's milliseconds in the Query path section.
/// <c>dotnet run -c Release --project bench/Vectron.Benchmarks -- --filter '*TelemetryOverhead*'</c>
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class TelemetryOverheadBenchmarks : IDisposable
{
    private static readonly VectorQuery Query = new() { Vector = new float[384], TopK = 10 };
    private static readonly QueryResult Result = new(
        [], new QueryTimings(TimeSpan.FromMicroseconds(40), TimeSpan.Zero, TimeSpan.FromMilliseconds(3), TimeSpan.FromMicroseconds(5)), default);

    private readonly string collection = "bench";
    private TracerProvider? tracer;
    private MeterProvider? meter;

    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Listening)
        {
            tracer = Sdk.CreateTracerProviderBuilder().AddSource(VectronTelemetry.Name).Build();
            meter = Sdk.CreateMeterProviderBuilder().AddMeter(VectronTelemetry.Name).AddReader(new PeriodicExportingMetricReader(new NoExport(), 3_600_000)).Build();
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        tracer?.Dispose();
        meter?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public void InstrumentedQuery()
    {
        using Activity? activity = QueryTelemetry.StartQuery(collection, Query);
        foreach (string phase in (string[])[QueryPhases.CatchUp, QueryPhases.Load, QueryPhases.Scan, QueryPhases.Fetch])
        {
            using Activity? child = QueryTelemetry.StartPhase(phase);
        }

        for (int segment = 0; segment < 4; segment++)
        {
            SegmentCache.CountHit(SegmentPart.Vectors);
        }

        QueryTelemetry.Completed(activity, collection, Query, Result);
    }

    private sealed class NoExport : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}
