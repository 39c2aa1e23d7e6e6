using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Vectron.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Vectron.Reliability.Tests.Faults;

/// <summary>
/// Azurite is stopped while writers and readers keep calling the service, then started again: every request answers
/// within a bounded time (503 + Retry-After while storage is down, never 500, never a hang), the service recovers
/// by itself, and every write it acknowledged is there afterwards.
/// </summary>
public sealed class StorageOutageTests(ITestOutputHelper output)
{
    private const int Dimensions = 32;
    private const int Writers = 4;
    private const int Readers = 2;
    private const int BatchSize = 20;

    // Only to catch a hang: the measured figure is reported, not held to a tight bound.
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StorageStoppedMidLoad_AnswersFast503WithRetryAfterThenRecovers_LosesNoAcknowledgedWrite()
    {
        var scale = ReliabilityScale.Current;
        using var azurite = await AzuriteProcess.StartAsync(onDisk: true);
        using var service = await ServiceProcess.StartAsync(azurite.ConnectionString);
        using var client = service.CreateClient();
        var api = new VectronApi(client);
        const string collection = "outage";
        await api.CreateVectorCollectionAsync(collection, Dimensions);

        var acknowledged = new AcknowledgedWrites(Dimensions);
        var outcomes = new ConcurrentQueue<Outcome>();
        var phase = new PhaseClock();
        int nextSeed = 0;
        using var stop = new CancellationTokenSource();

        async Task WriteLoopAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                int first = Interlocked.Add(ref nextSeed, BatchSize) - BatchSize;
                var seeds = Enumerable.Range(first, BatchSize).ToArray();
                var outcome = await CallAsync(phase, "upsert", ct => api.UpsertAsync(collection, seeds, Dimensions, cancellationToken: ct), stop.Token);
                if (outcome is null)
                {
                    return;
                }

                outcomes.Enqueue(outcome);
                if (outcome.Status is >= 200 and < 300)
                {
                    acknowledged.Acknowledged(seeds);
                }

                await BackOffAsync(outcome, stop.Token);
            }
        }

        async Task QueryLoopAsync(int reader)
        {
            var random = new Random(reader);
            while (!stop.IsCancellationRequested)
            {
                var vector = SeededVectors.Create(random.Next(), Dimensions);
                var outcome = await CallAsync(phase, "query", ct => api.QueryAsync(collection, vector, 10, ct), stop.Token);
                if (outcome is null)
                {
                    return;
                }

                outcomes.Enqueue(outcome);
                await BackOffAsync(outcome, stop.Token);
            }
        }

        var load = Enumerable.Range(0, Writers).Select(_ => WriteLoopAsync())
            .Concat(Enumerable.Range(0, Readers).Select(QueryLoopAsync))
            .ToArray();

        await Task.Delay(TimeSpan.FromSeconds(3));
        await azurite.StopAsync();
        phase.Enter(Phase.Down);
        await Task.Delay(TimeSpan.FromSeconds(scale.OutageSeconds));
        await azurite.StartAgainAsync();
        phase.Enter(Phase.After);
        var restarted = Stopwatch.StartNew();

        // Recovery must happen by itself: the load keeps running until a write started after the restart succeeds.
        while (!outcomes.Any(o => o.Phase == Phase.After && o.Operation == "upsert" && o.Status == 200) && restarted.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(100);
        }

        var recovery = restarted.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(load);
        service.EnsureRunning();

        var lost = await acknowledged.FindLostAsync(api, collection);
        var all = outcomes.ToArray();
        var unavailable = all.Where(o => o.Status == 503).ToArray();
        var figures = new Dictionary<string, object>
        {
            ["requests"] = all.Length,
            ["faultsInjected"] = 1,
            ["outageSeconds"] = scale.OutageSeconds,
            ["answered503"] = unavailable.Length,
            ["answered503WithRetryAfter"] = unavailable.Count(o => o.RetryAfter is not null),
            ["answered5xxOther"] = all.Count(o => o.Status >= 500 && o.Status != 503),
            ["failedWithoutAnswer"] = all.Count(o => o.Status == 0),
            ["slowest503Seconds"] = Math.Round(unavailable.Select(o => o.Elapsed.TotalSeconds).DefaultIfEmpty().Max(), 2),
            ["median503Seconds"] = Math.Round(Median(unavailable.Select(o => o.Elapsed.TotalSeconds)), 2),
            ["retryAfterSeconds"] = unavailable.Select(o => o.RetryAfter?.TotalSeconds ?? 0).Distinct().Order().ToArray(),
            ["recoverySeconds"] = Math.Round(recovery.TotalSeconds, 2),
            ["documentsVerified"] = acknowledged.Count,
            ["lost"] = lost.Count,
        };
        ReliabilityReport.Write(output, "Faults", "storage-outage", figures, "Azurite stopped (SIGTERM) under 4 writers + 2 readers, started again on the same ports and data.");

        Assert.True(unavailable.Length > 0, "No request saw the outage: " + service.Process.RecentOutput);
        Assert.All(all, o => Assert.True(o.Status is 200 or 503, $"{o.Operation} answered {o.Status} ({o.Error}) in phase {o.Phase}"));
        Assert.All(unavailable, o => Assert.NotNull(o.RetryAfter));
        Assert.All(all, o => Assert.True(o.Elapsed < HangBound, $"{o.Operation} took {o.Elapsed}"));
        Assert.True(recovery < TimeSpan.FromMinutes(2), "The service did not recover after storage came back.");
        Assert.True(acknowledged.Count > 0);
        Assert.Empty(lost);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    /// <summary>A client honours Retry-After, capped so the outage still sees a steady stream of requests.</summary>
    private static Task BackOffAsync(Outcome outcome, CancellationToken cancellationToken)
        => outcome.Status == 503
            ? Task.Delay(TimeSpan.FromMilliseconds(Math.Min(outcome.RetryAfter?.TotalMilliseconds ?? 1000, 1000)), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default)
            : Task.CompletedTask;

    /// <summary>One call; null when the test ended it (cancelled), status 0 when it failed without an answer.</summary>
    private static async Task<Outcome?> CallAsync(PhaseClock phase, string operation, Func<CancellationToken, Task<HttpResponseMessage>> call, CancellationToken cancellationToken)
    {
        var started = phase.Current;
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await call(cancellationToken);
            string? error = response.IsSuccessStatusCode ? null : await response.Content.ReadAsStringAsync(CancellationToken.None);
            return new Outcome(operation, started, (int)response.StatusCode, watch.Elapsed, response.Headers.RetryAfter?.Delta, error);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new Outcome(operation, started, 0, watch.Elapsed, null, ex.Message);
        }
    }

    private enum Phase
    {
        Before,
        Down,
        After,
    }

    private sealed record Outcome(string Operation, Phase Phase, int Status, TimeSpan Elapsed, TimeSpan? RetryAfter, string? Error);

    private sealed class PhaseClock
    {
        private volatile int _phase;

        public Phase Current => (Phase)_phase;

        public void Enter(Phase phase) => _phase = (int)phase;
    }
}
