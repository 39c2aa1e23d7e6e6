using System.Net.Http.Json;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vectron.Benchmarks.Storage;
using Vectron.Functions.LocalHost;
using Vectron.Index.Collections;
using Vectron.Index.Query;
using Vectron.Index.Search;
using Vectron.Index.Tests.Search;

namespace Vectron.Benchmarks.Api;

/// <summary>
/// End-to-end latency of one query over real HTTP through the local host, on a warm 100k-document collection of
/// 384-dimension vectors (compacted into segments) in Azurite, next to embedding the same text alone. Each
/// measurement is one request (invocation count 1), so the percentile columns are per-request percentiles.
/// Runs in process (the local host needs the build output's functions.metadata and model files).
/// Run: see docs/benchmarks.md, "HTTP API".
/// </summary>
[Config(typeof(LatencyConfig))]
public class HttpQueryBenchmarks : IDisposable
{
    private const string Collection = "bench-api";
    private const int Rows = 100_000;
    private const int Dimensions = 384;
    private const int BatchRows = 1_000;

    /// <summary>The query texts, also sent by <see cref="HttpLatencyRunner"/>.</summary>
    internal static readonly string[] Texts =
    [
        "How do I reset my password?", "Quarterly revenue grew by four percent.", "The cat sits on the mat.",
        "Best hiking trails near the lake", "Symptoms of the common cold", "How to bake sourdough bread at home",
        "Train delays expected on the northern line", "A new species of frog was found in the rainforest",
    ];

    private WebApplication app = null!;
    private HttpClient client = null!;
    private IEmbeddingGenerator<string, Embedding<float>> generator = null!;
    private float[] vector = [];
    private int next;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Dispose()
    {
        client?.Dispose();
        app?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public async Task<Embedding<float>> EmbedOnly() => (await generator.GenerateAsync([NextText()]))[0];

    /// <summary>The headline: a text query with the API's defaults (strong consistency, fast mode).</summary>
    [Benchmark]
    public Task<JsonElement> TextQuery() => QueryAsync(new { text = NextText(), topK = 10 });

    /// <summary>Eventual consistency: no storage round trip when the view is younger than the interval.</summary>
    [Benchmark]
    public Task<JsonElement> TextQueryEventual() => QueryAsync(new { text = NextText(), topK = 10, consistency = "eventual" });

    [Benchmark]
    public Task<JsonElement> TextQueryExact() => QueryAsync(new { text = NextText(), topK = 10, mode = "exact" });

    [Benchmark]
    public Task<JsonElement> VectorQuery() => QueryAsync(new { vector, topK = 10 });

    [Benchmark]
    public Task<JsonElement> VectorQueryEventual() => QueryAsync(new { vector, topK = 10, consistency = "eventual" });

    /// <summary>The same vector query without HTTP: what the query service alone takes, to subtract.</summary>
    [Benchmark]
    public Task<QueryResult> VectorQueryInProcess()
        => app.Services.GetRequiredService<IVectronQueryService>().QueryAsync(Collection, new VectorQuery { Vector = vector, TopK = 10 });

    private string NextText() => Texts[next++ % Texts.Length];

    private async Task<JsonElement> QueryAsync(object body)
    {
        using var response = await client.PostAsJsonAsync(new Uri($"/api/collections/{Collection}/query", UriKind.Relative), body);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task SetupAsync()
    {
        app = await LocalFunctionsHost.BuildAsync([LocalFunctionsHost.Switch, "--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Vectron:Storage"] = Environment.GetEnvironmentVariable(BenchStorage.ConnectionStringVariable) ?? "UseDevelopmentStorage=true",
                ["Vectron:ContainerName"] = $"bench-api-{Guid.NewGuid():N}"[..40],
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        generator = app.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        // Seeded through the API itself: vectors given, so only the queries' texts are embedded.
        var model = (await client.GetFromJsonAsync<JsonElement>(new Uri("/api/health", UriKind.Relative))).GetProperty("model").GetProperty("id").GetString();
        (await client.PutAsJsonAsync(new Uri($"/api/collections/{Collection}", UriKind.Relative), new { model })).EnsureSuccessStatusCode();
        var random = new Random(42);
        for (var first = 0; first < Rows; first += BatchRows)
        {
            var vectors = RandomVectors.Normalised(random, BatchRows, Dimensions);
            var documents = Enumerable.Range(0, BatchRows).Select(i => new
            {
                id = $"doc-{first + i:D6}",
                vector = vectors.AsSpan(i * Dimensions, Dimensions).ToArray(),
                metadata = new { group = (first + i) % 10 },
            });
            (await client.PostAsJsonAsync(new Uri($"/api/collections/{Collection}/documents", UriKind.Relative), new { documents })).EnsureSuccessStatusCode();
        }

        await app.Services.GetRequiredService<IVectronCollections>().CompactAsync(Collection);
        vector = RandomVectors.Normalised(new Random(7), 1, Dimensions);
        foreach (var text in Texts)
        {
            await QueryAsync(new { text, topK = 10 });
        }
    }

    private sealed class LatencyConfig : ManualConfig
    {
        public LatencyConfig()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(20)
                .WithIterationCount(200)
                .WithInvocationCount(1)
                .WithUnrollFactor(1));
            AddColumn(StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99));
        }
    }

    /// <summary>A per-request percentile (one invocation per iteration), e.g. p99, which BenchmarkDotNet has no column for.</summary>
    private sealed class PercentileColumn(int percentile) : IColumn
    {
        public string Id => $"P{percentile}";

        public string ColumnName => $"P{percentile}";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Statistics;

        public int PriorityInCategory => 10;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Time;

        public string Legend => $"{percentile}th percentile of one request's time";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var statistics = summary[benchmarkCase]?.ResultStatistics;
            return statistics is null ? "NA" : (statistics.Percentiles.Percentile(percentile) / 1e6).ToString("0.000 'ms'", System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
