using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vectron.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Vectron.Reliability.Tests.Load;

/// <summary>
/// A real HTTP load generator (autocannon, scripts/reliability-load.mjs) drives a warm collection with 90% queries
/// and 10% upserts at 16 and 64 connections; every answer must be 2xx and resident memory must stay within
/// <see cref="MemoryBudget"/>. At soak scale one 64-connection run lasts 10 minutes and memory growth is reported.
/// </summary>
[Collection(LoadTestGroup.Name)]
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int Dimensions = 384;
    private const int LoadBatch = 1_000;
    private const string Collection = "load";
    private const string ModelId = "all-MiniLM-L6-v2";
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task MixedLoad_At16And64Connections_AllAnswers2xxAndMemoryWithinBudget()
    {
        var scale = ReliabilityScale.Current;
        using var azurite = await AzuriteProcess.StartAsync();
        using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, new Dictionary<string, string>
        {
            ["Vectron__CacheMegabytes"] = MemoryBudget.CacheMegabytes.ToString(CultureInfo.InvariantCulture),
        });
        using var client = service.CreateClient(TimeSpan.FromMinutes(5));
        var api = new VectronApi(client);
        using (var created = await client.PutAsJsonAsync("api/collections/" + Collection, new { model = ModelId }))
        {
            await VectronApi.EnsureSuccessAsync(created);
        }

        await using var memory = new MemorySampler(service.Process, SampleInterval);
        var loading = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, scale.LoadDocuments / LoadBatch), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (batch, ct) =>
        {
            using var response = await api.UpsertAsync(Collection, Enumerable.Range(batch * LoadBatch, LoadBatch), Dimensions, cancellationToken: ct);
            await VectronApi.EnsureSuccessAsync(response);
        });
        var loaded = loading.Elapsed;

        // Warm: the first strong query catches up and loads every segment's vectors; the first text query loads the model.
        using (var warm = await client.PostAsJsonAsync($"api/collections/{Collection}/query", new { text = "warm up", topK = 10 }))
        {
            await VectronApi.EnsureSuccessAsync(warm);
        }

        long warmBytes = service.Process.ResidentBytes();
        var runs = new List<JsonObject>();
        int[] connectionCounts = scale.IsSoak ? [64] : [16, 64];
        foreach (int connections in connectionCounts)
        {
            var started = memory.Samples.Count > 0 ? memory.Samples[^1].At : TimeSpan.Zero;
            var result = await RunLoadAsync(service.BaseAddress, connections, scale.LoadDuration);
            result["maxResidentMegabytes"] = Megabytes(memory.MaxBytesFrom(started));
            runs.Add(result);
        }

        var (count, segments, _) = await api.StatsAsync(Collection);
        long limit = MemoryBudget.LimitBytes();
        var figures = new Dictionary<string, object>
        {
            ["requests"] = runs.Sum(r => (long)r["requests"]!),
            ["documents"] = scale.LoadDocuments,
            ["loadSeconds"] = Math.Round(loaded.TotalSeconds, 1),
            ["liveDocumentsAfter"] = count,
            ["segmentsAfter"] = segments,
            ["warmResidentMegabytes"] = Megabytes(warmBytes),
            ["maxResidentMegabytes"] = Megabytes(memory.MaxBytes),
            ["limitMegabytes"] = Megabytes(limit),
            ["cacheMegabytes"] = MemoryBudget.CacheMegabytes,
            ["modelMegabytes"] = Megabytes(MemoryBudget.ModelBytes()),
            ["overheadMegabytes"] = Megabytes(MemoryBudget.OverheadBytes),
            ["runs"] = runs.ToArray(),
        };
        if (scale.IsSoak)
        {
            // Growth: the highest sample of the last minute against the highest of the first minute under load.
            var samples = memory.Samples;
            var loadStart = samples.Count > 0 ? samples[^1].At - scale.LoadDuration : TimeSpan.Zero;
            long firstMinute = samples.Where(s => s.At >= loadStart && s.At < loadStart + TimeSpan.FromMinutes(1)).Select(s => s.Bytes).DefaultIfEmpty().Max();
            long lastMinute = samples.Where(s => s.At >= samples[^1].At - TimeSpan.FromMinutes(1)).Select(s => s.Bytes).DefaultIfEmpty().Max();
            figures["firstMinuteMaxResidentMegabytes"] = Megabytes(firstMinute);
            figures["lastMinuteMaxResidentMegabytes"] = Megabytes(lastMinute);
            figures["growthMegabytes"] = Megabytes(lastMinute - firstMinute);
            figures["residentMegabytesPerMinute"] = SamplesPerMinute(samples, loadStart);
        }

        ReliabilityReport.Write(output, scale.IsSoak ? "Memory" : "Load", scale.IsSoak ? "soak" : "load", figures,
            $"autocannon, 90% queries (vector, eventual; 1 in 45 a text query, strong) / 10% single-document upserts, {scale.LoadDuration.TotalSeconds} s per connection count, collection of {scale.LoadDocuments} x {Dimensions}-d documents.");

        foreach (var run in runs)
        {
            Assert.Equal(0, (int)run["non2xx"]!);
            Assert.Equal(0, (int)run["errors"]!);
            Assert.True((long)run["requests"]! > 0);
        }

        Assert.True(memory.MaxBytes < limit, $"Resident memory peaked at {Megabytes(memory.MaxBytes)} MB, over {Megabytes(limit)} MB.");
    }

    private async Task<JsonObject> RunLoadAsync(Uri baseAddress, int connections, TimeSpan duration)
    {
        string resultFile = Path.Combine(Path.GetTempPath(), $"vectron-load-{Guid.NewGuid():N}.json");
        string arguments = JsonSerializer.Serialize(new
        {
            url = baseAddress.ToString().TrimEnd('/'),
            collection = Collection,
            dimensions = Dimensions,
            connections,
            seconds = (int)duration.TotalSeconds,
            output = resultFile,
        });
        using var generator = ChildProcess.Start("node", [RepositoryPaths.LoadScript, arguments]);
        using var timeout = new CancellationTokenSource(duration + TimeSpan.FromMinutes(2));
        await generator.WaitForExitAsync(timeout.Token);
        Assert.True(File.Exists(resultFile), "The load generator wrote no result: " + generator.RecentOutput);
        var result = JsonNode.Parse(await File.ReadAllTextAsync(resultFile))!.AsObject();
        File.Delete(resultFile);
        output.WriteLine(result.ToJsonString());
        return result;
    }

    private static double Megabytes(long bytes) => Math.Round(bytes / (1024.0 * 1024), 1);

    private static double[] SamplesPerMinute(IReadOnlyList<(TimeSpan At, long Bytes)> samples, TimeSpan from)
        => samples.Where(s => s.At >= from)
            .GroupBy(s => (int)((s.At - from).TotalMinutes))
            .OrderBy(g => g.Key)
            .Select(g => Megabytes(g.Max(s => s.Bytes)))
            .ToArray();
}

/// <summary>The load test runs alone, after the fault tests, so its figures are not shared with them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadTestGroup
{
    public const string Name = "load";
}
