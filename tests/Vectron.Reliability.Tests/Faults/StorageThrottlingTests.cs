using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vectron.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Vectron.Reliability.Tests.Faults;

/// <summary>
/// Storage that is slow and throttles (a fault-injecting proxy between the service and Azurite's blob endpoint):
/// the service retries with backoff and answers correctly; when throttling persists it answers 503 with the
/// Retry-After storage gave.
/// </summary>
public sealed class StorageThrottlingTests(ITestOutputHelper output)
{
    private const int Dimensions = 32;
    private const int BatchSize = 10;
    private const int Workers = 4;

    [Fact]
    public async Task ThrottledSlowStorage_RetriedWithBackoff_EveryAnswerCorrect()
    {
        int operations = ReliabilityScale.Current.ProxyOperations;
        const string collection = "throttled";
        await using var setup = await BehindProxy.StartAsync(collection);
        var (proxy, api) = (setup.Proxy, setup.Api);

        // 10% throttled (503 ServerBusy or 429), 2% answers lost after storage did the work, 20% delayed up to 100 ms.
        proxy.Plan = new FaultPlan(ThrottleRate: 0.10, LostAnswerRate: 0.02, DelayRate: 0.20, MaxDelay: TimeSpan.FromMilliseconds(100), RetryAfterSeconds: 0, Seed: 20261125);
        var acknowledged = new AcknowledgedWrites(Dimensions);
        var failures = new ConcurrentQueue<string>();
        int next = 0;
        int requests = 0;
        int wrongAnswers = 0;

        async Task WorkAsync()
        {
            while (true)
            {
                int operation = Interlocked.Increment(ref next) - 1;
                if (operation >= operations)
                {
                    return;
                }

                var seeds = Enumerable.Range(operation * BatchSize, BatchSize).ToArray();
                using (var upsert = await api.UpsertAsync(collection, seeds, Dimensions))
                {
                    Interlocked.Increment(ref requests);
                    if (!upsert.IsSuccessStatusCode)
                    {
                        failures.Enqueue($"upsert {(int)upsert.StatusCode}: {await upsert.Content.ReadAsStringAsync()}");
                        continue;
                    }
                }

                acknowledged.Acknowledged(seeds);

                // Strong consistency: the document just written is the best hit for its own vector.
                using var query = await api.QueryAsync(collection, SeededVectors.Create(seeds[0], Dimensions), topK: 1);
                Interlocked.Increment(ref requests);
                if (!query.IsSuccessStatusCode)
                {
                    failures.Enqueue($"query {(int)query.StatusCode}: {await query.Content.ReadAsStringAsync()}");
                    continue;
                }

                var hit = (await query.Content.ReadFromJsonAsync<JsonObject>())!["hits"]!.AsArray().Single()!;
                if ((string)hit["id"]! != "d" + seeds[0].ToString(System.Globalization.CultureInfo.InvariantCulture) || (double)hit["score"]! < 0.999)
                {
                    Interlocked.Increment(ref wrongAnswers);
                }
            }
        }

        int storageBefore = proxy.Requests;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => WorkAsync()));
        var (storageRequests, throttled, lostAnswers, delayed, retries) = (proxy.Requests - storageBefore, proxy.Throttled, proxy.LostAnswers, proxy.Delayed, proxy.Retries);
        proxy.Plan = FaultPlan.None;
        var lost = await acknowledged.FindLostAsync(api, collection);
        var (count, _, _) = await api.StatsAsync(collection);
        ReliabilityReport.Write(output, "Faults", "storage-throttling", new Dictionary<string, object>
        {
            ["requests"] = requests,
            ["faultsInjected"] = throttled + lostAnswers + delayed,
            ["storageRequests"] = storageRequests,
            ["throttled"] = throttled,
            ["lostAnswers"] = lostAnswers,
            ["delayed"] = delayed,
            ["storageRetries"] = retries,
            ["failedRequests"] = failures.Count,
            ["wrongAnswers"] = wrongAnswers,
            ["documentsVerified"] = acknowledged.Count,
            ["lost"] = lost.Count,
        }, "Upsert + strong query pairs through a proxy injecting 10% throttles (503 ServerBusy / 429), 2% lost answers, 20% delays up to 100 ms.");

        Assert.Empty(failures);
        Assert.Equal(0, wrongAnswers);
        Assert.True(throttled > 0 && lostAnswers > 0 && delayed > 0);
        Assert.True(retries >= throttled + lostAnswers, $"{retries} retries for {throttled + lostAnswers} failed attempts");
        Assert.Empty(lost);
        Assert.Equal(operations * BatchSize, count);
    }

    [Fact]
    public async Task StorageThrottlingPersists_Answers503WithStoragesRetryAfter_NeverHangs()
    {
        const int retryAfterSeconds = 2;
        const string collection = "throttled-out";
        await using var setup = await BehindProxy.StartAsync(collection);
        var (proxy, api) = (setup.Proxy, setup.Api);

        proxy.Plan = new FaultPlan(ThrottleRate: 1, RetryAfterSeconds: retryAfterSeconds);
        int before = proxy.Requests;
        var watch = Stopwatch.StartNew();
        using var response = await api.UpsertAsync(collection, [1], Dimensions);
        var elapsed = watch.Elapsed;
        int attempts = proxy.Requests - before;

        proxy.Plan = FaultPlan.None;
        using var after = await api.UpsertAsync(collection, [2], Dimensions);
        ReliabilityReport.Write(output, "Faults", "storage-throttled-out", new Dictionary<string, object>
        {
            ["requests"] = 2,
            ["faultsInjected"] = attempts,
            ["storageAttempts"] = attempts,
            ["secondsTo503"] = Math.Round(elapsed.TotalSeconds, 2),
            ["retryAfterSeconds"] = response.Headers.RetryAfter?.Delta?.TotalSeconds ?? -1,
        }, $"Every storage request throttled with Retry-After: {retryAfterSeconds}; one upsert.");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(retryAfterSeconds), response.Headers.RetryAfter?.Delta);
        Assert.True(attempts > 1, "The service did not retry.");
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"503 took {elapsed}");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    /// <summary>Azurite, the proxy in front of its blob endpoint, the service behind the proxy, a new collection.</summary>
    private sealed class BehindProxy : IAsyncDisposable
    {
        private AzuriteProcess? _azurite;
        private ServiceProcess? _service;
        private HttpClient? _client;

        public FaultProxy Proxy { get; private set; } = null!;

        public VectronApi Api { get; private set; } = null!;

        public static async Task<BehindProxy> StartAsync(string collection)
        {
            var setup = new BehindProxy();
            try
            {
                setup._azurite = await AzuriteProcess.StartAsync();
                setup.Proxy = await FaultProxy.StartAsync(setup._azurite.BlobPort, FaultPlan.None);
                setup._service = await ServiceProcess.StartAsync(setup._azurite.ConnectionStringFor(setup.Proxy.Port, setup._azurite.QueuePort));
                setup._client = setup._service.CreateClient();
                setup.Api = new VectronApi(setup._client);
                await setup.Api.CreateVectorCollectionAsync(collection, Dimensions);
                return setup;
            }
            catch
            {
                await setup.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            _client?.Dispose();
            _service?.Dispose();
            if (Proxy is not null)
            {
                await Proxy.DisposeAsync();
            }

            _azurite?.Dispose();
        }
    }
}
