using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Vectron.Benchmarks.Query;
using Vectron.Benchmarks.Storage;
using Vectron.Index.Collections;
using Vectron.Index.Embedding;
using Vectron.Reliability.Tests.Infrastructure;

namespace Vectron.Benchmarks.Api;

/// <summary>
/// End-to-end query latency with the service in its own process, as a client sees it: the collection of
/// <see cref="HttpQueryBenchmarks"/> (100k random 384-dimension vectors, compacted, created with the server's model) is
/// seeded from this process, then the service (<c>Vectron.Functions.dll --local-host</c>) is started against it and
/// queried one request at a time. Every round times each kind once, interleaved, so drift hits them alike; embedding
/// alone is timed in this process with the same model and defaults as the service. Each row also gives the p50 of
/// every <c>Server-Timing</c> part the service reported (docs/benchmarks.md, "HTTP API").
/// With <c>NAME=VALUE</c> arguments a second service runs beside the first with those environment variables (runtime
/// or app settings), and every round queries both, so the two are compared within one run.
/// <c>node scripts/bench-azurite.mjs http-latency [ROUNDS] [NAME=VALUE ...]</c>
/// </summary>
internal static partial class HttpLatencyRunner
{
    public const string Command = "http-latency";

    private const string Container = "bench-http-latency";
    private const string Collection = "http-100000";
    private const int Rows = 100_000;
    private const int WarmupRounds = 20;
    private const double TargetMilliseconds = 2.0;

    // Between the two services' requests: long enough for one service's idle threads to settle before the other's turn.
    private static readonly TimeSpan SwitchPause = TimeSpan.FromMilliseconds(20);

    // The Server-Timing parts, in the order the query service writes them.
    private static readonly string[] Parts = ["embed", "catchup", "load", "scan", "fetch"];

    public static async Task<int> RunAsync(string[] args)
    {
        int rounds = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out int given) ? given : 300;
        Dictionary<string, string> variant = args.Where(a => a.Contains('=', StringComparison.Ordinal)).Select(a => a.Split('=', 2)).ToDictionary(a => a[0], a => a[1]);
        string connection = Environment.GetEnvironmentVariable(BenchStorage.ConnectionStringVariable) ?? "UseDevelopmentStorage=true";
        using (var collections = new VectronCollections(QuerySeed.Options(connection, Container)))
        {
            await QuerySeed.EnsureAsync(collections, Collection, Rows, Console.Out, EmbeddingOptions.BundledModelId);
            CollectionStats stats = await collections.GetStatsAsync(Collection);
            Console.WriteLine($"collection {Collection}: {stats.Count:N0} documents, {stats.Segments} segments, {stats.LogBytes:N0} log bytes");
        }

        var services = new List<(string Label, ServiceProcess Process)>();
        try
        {
            services.Add(("default", await ServiceProcess.StartAsync(connection, new Dictionary<string, string> { ["Vectron__ContainerName"] = Container })));
            if (variant.Count > 0)
            {
                services.Add((string.Join(" ", variant.Select(v => $"{v.Key}={v.Value}")), await ServiceProcess.StartAsync(connection, new Dictionary<string, string>(variant) { ["Vectron__ContainerName"] = Container })));
            }

            await MeasureAsync(services, rounds);
            return 0;
        }
        finally
        {
            foreach ((_, ServiceProcess process) in services)
            {
                process.Dispose();
            }
        }
    }

    private static async Task MeasureAsync(List<(string Label, ServiceProcess Process)> services, int rounds)
    {
        using var generator = new OnnxEmbeddingGenerator(new EmbeddingOptions());
        float[] vector = QuerySeed.Query(7);
        int next = 0;
        string NextText() => HttpQueryBenchmarks.Texts[next++ % HttpQueryBenchmarks.Texts.Length];
        var embedOnly = new Kind("EmbedOnly (this process)", async () => { await generator.GenerateAsync([NextText()]); return null; });
        var targets = new List<ServiceTarget>();
        foreach ((string label, ServiceProcess process) in services)
        {
            HttpClient client = process.CreateClient();
            string suffix = services.Count > 1 ? $", {label}" : string.Empty;
            targets.Add(new ServiceTarget(process, client,
            [
                new($"TextQuery (strong, fast{suffix})", () => QueryAsync(client, new { text = NextText(), topK = 10 })),
                new($"TextQueryEventual (fast{suffix})", () => QueryAsync(client, new { text = NextText(), topK = 10, consistency = "eventual" })),
                new($"VectorQuery (strong, fast{suffix})", () => QueryAsync(client, new { vector, topK = 10 })),
                new($"VectorQueryEventual (fast{suffix})", () => QueryAsync(client, new { vector, topK = 10, consistency = "eventual" })),
            ]));
        }

        for (int round = -WarmupRounds; round < rounds; round++)
        {
            if (round == 0)
            {
                targets.ForEach(t => t.StartCpuClock());
            }

            await embedOnly.TimeAsync(keep: round >= 0);
            foreach (ServiceTarget target in targets)
            {
                foreach (Kind kind in target.Kinds)
                {
                    await kind.TimeAsync(keep: round >= 0);
                }

                if (targets.Count > 1)
                {
                    await Task.Delay(SwitchPause);
                }
            }
        }

        Console.WriteLine($"{rounds} rounds after {WarmupRounds} warm-up rounds; ms per request as the client saw it, then the p50 of each Server-Timing part");
        Print(embedOnly, targets.SelectMany(t => t.Kinds).ToList());
        foreach ((ServiceTarget target, string label) in targets.Zip(services.Select(s => s.Label)))
        {
            target.Service.EnsureRunning();

            // What the service's threads cost beyond the answers (thread-pool spinning shows here, not in latency).
            int requests = rounds * target.Kinds.Length;
            Console.WriteLine($"service CPU time ({label}): {Format(target.StopCpuClock().TotalMilliseconds / requests)} ms per request ({requests:N0} requests)");
            target.Dispose();
        }
    }

    private static async Task<string?> QueryAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync(new Uri($"api/collections/{Collection}/query", UriKind.Relative), body);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
        return response.Headers.TryGetValues("Server-Timing", out var values) ? string.Join(", ", values) : null;
    }

    private static void Print(Kind embedOnly, List<Kind> queries)
    {
        double embedding = Percentile(embedOnly.Total, 50);
        Console.WriteLine($"| kind | p50 | p95 | p99 | p50 − EmbedOnly p50 | {string.Join(" | ", Parts)} | p50 of (request − its embed) |");
        Console.WriteLine($"|---|---:|---:|---:|---:|{string.Concat(Parts.Select(_ => "---:|"))}---:|");
        foreach (Kind kind in queries.Prepend(embedOnly))
        {
            double p50 = Percentile(kind.Total, 50);
            string overEmbedding = kind == embedOnly ? "—" : Format(p50 - embedding, "+0.00;-0.00");
            IEnumerable<string> parts = Parts.Select(p => kind.Parts.TryGetValue(p, out List<double>? values) ? Format(Percentile(values, 50)) : "—");
            string rest = kind.Parts.TryGetValue("embed", out List<double>? embed) && embed.Any(e => e > 0)
                ? Format(Percentile([.. kind.Total.Zip(embed, (t, e) => t - e)], 50))
                : "—";
            Console.WriteLine($"| {kind.Name} | {Format(p50)} | {Format(Percentile(kind.Total, 95))} | {Format(Percentile(kind.Total, 99))} | {overEmbedding} | {string.Join(" | ", parts)} | {rest} |");
        }

        foreach (Kind textQuery in queries.Where(k => k.Name.StartsWith("TextQuery (strong", StringComparison.Ordinal)))
        {
            double over = Percentile(textQuery.Total, 50) - embedding;
            Console.WriteLine($"target for {textQuery.Name} (p50 ≤ embedding + {Format(TargetMilliseconds)} ms): {(over <= TargetMilliseconds ? "met" : "not met")} ({Format(over, "+0.00;-0.00")} ms)");
        }
    }

    private static string Format(double milliseconds, string format = "F2") => milliseconds.ToString(format, CultureInfo.InvariantCulture);

    private static double Percentile(List<double> values, int percentile)
    {
        double[] sorted = [.. values];
        Array.Sort(sorted);
        return sorted[(int)Math.Round((sorted.Length - 1) * percentile / 100.0)];
    }

    [GeneratedRegex(@"(\w+);dur=([\d.]+)")]
    private static partial Regex TimingPart();

    /// <summary>One kind of request and what each kept call measured: client time, and the Server-Timing parts it returned.</summary>
    private sealed class Kind(string name, Func<Task<string?>> call)
    {
        public string Name => name;

        public List<double> Total { get; } = [];

        public Dictionary<string, List<double>> Parts { get; } = [];

        public async Task TimeAsync(bool keep)
        {
            long start = Stopwatch.GetTimestamp();
            string? timing = await call();
            double total = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (!keep)
            {
                return;
            }

            Total.Add(total);
            foreach (Match part in TimingPart().Matches(timing ?? string.Empty))
            {
                if (!Parts.TryGetValue(part.Groups[1].Value, out List<double>? values))
                {
                    Parts[part.Groups[1].Value] = values = [];
                }

                values.Add(double.Parse(part.Groups[2].Value, CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>One service under measurement: its client, its kinds of request, and its CPU time over the measured rounds.</summary>
    private sealed class ServiceTarget(ServiceProcess process, HttpClient client, Kind[] kinds) : IDisposable
    {
        private readonly Process _os = Process.GetProcessById(process.Process.Id);
        private TimeSpan _cpuAtStart;

        public ServiceProcess Service => process;

        public Kind[] Kinds => kinds;

        public void StartCpuClock()
        {
            _os.Refresh();
            _cpuAtStart = _os.TotalProcessorTime;
        }

        public TimeSpan StopCpuClock()
        {
            _os.Refresh();
            return _os.TotalProcessorTime - _cpuAtStart;
        }

        public void Dispose()
        {
            _os.Dispose();
            client.Dispose();
        }
    }
}
