using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Vectron.Index.Storage;
using Vectron.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Vectron.Reliability.Tests.Faults;

/// <summary>
/// The service is killed with SIGKILL while it holds the compaction lease (Azurite keeps running), then started
/// again: every acknowledged document is there once, and the next compaction completes.
/// </summary>
public sealed class CompactionCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Kill_DuringCompaction_KeepsEveryAcknowledgedWriteOnceAndNextCompactionCompletes()
    {
        const int dimensions = 128;
        const int batch = 100;
        int documents = ReliabilityScale.Current.CompactionDocuments;

        // A compaction starts on the write path after this many bytes of this instance's appends: about 40% of them.
        long threshold = documents * (dimensions * 4L + 40) * 2 / 5;
        using var azurite = await AzuriteProcess.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["Vectron__Storage__CompactionThresholdBytes"] = threshold.ToString(CultureInfo.InvariantCulture),
        };
        using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, settings);
        using var client = service.CreateClient();
        var api = new VectronApi(client);
        const string collection = "compaction-crash";
        await api.CreateVectorCollectionAsync(collection, dimensions);
        var lockBlob = new BlobContainerClient(azurite.ConnectionString, ServiceProcess.ContainerName).GetBlobClient(BlobLayout.CompactionLock(collection));

        var acknowledged = new AcknowledgedWrites(dimensions);
        var attempted = new ConcurrentDictionary<int, bool>();
        int next = 0;
        using var stop = new CancellationTokenSource();
        async Task WriteLoopAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                int first = Interlocked.Add(ref next, batch) - batch;
                if (first >= documents)
                {
                    return;
                }

                var seeds = Enumerable.Range(first, batch).ToArray();
                foreach (int seed in seeds)
                {
                    attempted[seed] = true;
                }

                try
                {
                    using var response = await api.UpsertAsync(collection, seeds, dimensions, cancellationToken: stop.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        acknowledged.Acknowledged(seeds);
                    }
                }
                catch (HttpRequestException)
                {
                    // The service died under this request: neither acknowledged nor assumed lost.
                    return;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        var writers = Enumerable.Range(0, 4).Select(_ => WriteLoopAsync()).ToArray();
        var watch = Stopwatch.StartNew();
        bool killedUnderLease = false;
        while (!killedUnderLease && watch.Elapsed < ServiceProcess.WorkTimeout && writers.Any(w => !w.IsCompleted))
        {
            killedUnderLease = await IsLeasedAsync(lockBlob);
            if (!killedUnderLease)
            {
                await Task.Delay(20);
            }
        }

        await service.KillAsync();
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        Assert.True(killedUnderLease, "No compaction started while writing; lower the threshold.");

        // The killed compactor's lease runs out by itself (60 s); then the next write-path compaction takes over.
        await service.StartAgainAsync();
        var beforeSecond = await api.StatsAsync(collection);
        var leaseWatch = Stopwatch.StartNew();
        while (await IsLeasedAsync(lockBlob) && leaseWatch.Elapsed < ServiceProcess.WorkTimeout)
        {
            await Task.Delay(500);
        }

        var leaseFreedAfter = leaseWatch.Elapsed;
        int extra = 0;
        var compacted = beforeSecond;
        while (compacted.LogBytes >= beforeSecond.LogBytes && leaseWatch.Elapsed < ServiceProcess.WorkTimeout)
        {
            // Enough new writes to pass the threshold again; the ids overwrite acknowledged ones with the same vectors.
            var seeds = Enumerable.Range(extra % documents, batch).Where(s => s < documents && acknowledged.IsAcknowledged(s)).ToArray();
            extra += batch;
            if (seeds.Length > 0)
            {
                using var response = await api.UpsertAsync(collection, seeds, dimensions);
                await VectronApi.EnsureSuccessAsync(response);
            }

            compacted = await api.StatsAsync(collection);
        }

        var lost = await acknowledged.FindLostAsync(api, collection);
        var after = await api.StatsAsync(collection);
        ReliabilityReport.Write(output, "Faults", "kill-during-compaction", new Dictionary<string, object>
        {
            ["requests"] = attempted.Count / batch,
            ["faultsInjected"] = 1,
            ["acknowledgedAtKill"] = acknowledged.Count,
            ["attemptedAtKill"] = attempted.Count,
            ["liveDocumentsAfter"] = after.Count,
            ["logBytesBeforeNextCompaction"] = beforeSecond.LogBytes,
            ["logBytesAfterNextCompaction"] = compacted.LogBytes,
            ["segmentsAfter"] = after.Segments,
            ["secondsUntilLeaseFreed"] = Math.Round(leaseFreedAfter.TotalSeconds, 1),
            ["documentsVerified"] = acknowledged.Count,
            ["lost"] = lost.Count,
        }, "4 writers of 100-document upserts; the service SIGKILLed while it held the compaction lease; restarted; writes continue until a compaction completes.");

        Assert.Empty(lost);
        // Nothing twice: the live count is between what was acknowledged and what was sent.
        Assert.InRange(after.Count, acknowledged.Count, attempted.Count);
        Assert.True(compacted.LogBytes < beforeSecond.LogBytes, "No compaction completed after the restart.");
        Assert.True(after.Segments >= 1);
    }

    private static async Task<bool> IsLeasedAsync(BlobClient lockBlob)
    {
        try
        {
            BlobProperties properties = await lockBlob.GetPropertiesAsync();
            return properties.LeaseState == LeaseState.Leased;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }
}
