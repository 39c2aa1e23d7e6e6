using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Vectron.Index.Storage;
using Vectron.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Vectron.Reliability.Tests.Faults;

/// <summary>
/// The service is killed with SIGKILL in the middle of work (Azurite keeps running), then started again: every
/// acknowledged document is there once, and the interrupted work finishes by itself.
/// </summary>
public sealed class ServiceCrashTests(ITestOutputHelper output)
{
    private const string Container = "reliability";
    private static readonly TimeSpan WorkTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Kill_DuringBulkIngestion_JobResumesToCompletionWithEveryDocumentOnce()
    {
        const int dimensions = 32;
        int documents = ReliabilityScale.Current.BulkDocuments;
        using var azurite = await AzuriteProcess.StartAsync();
        using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, new Dictionary<string, string>
        {
            ["Vectron__Bulk__MaxChunkDocuments"] = "250",
            // Two chunks at a time, so the kill lands between chunks done and chunks to do.
            ["AzureFunctionsJobHost__extensions__queues__batchSize"] = "2",
            // The dead instance's messages come back after this instead of the Functions host's 10 minutes.
            ["AzureFunctionsJobHost__extensions__queues__processingVisibility"] = "00:00:10",
        });
        using var client = service.CreateClient();
        var api = new VectronApi(client);
        const string collection = "bulk-crash";
        await api.CreateVectorCollectionAsync(collection, dimensions);

        var ndjson = new StringBuilder();
        for (int seed = 0; seed < documents; seed++)
        {
            ndjson.Append(CultureInfo.InvariantCulture, $"{{\"id\":\"d{seed}\",\"vector\":{JsonSerializer.Serialize(SeededVectors.Create(seed, dimensions))}}}\n");
        }

        string jobId = await api.StartBulkAsync(collection, ndjson.ToString());
        var acknowledged = new AcknowledgedWrites(dimensions);
        acknowledged.Acknowledged(Enumerable.Range(0, documents));

        // Kill once some chunks are recorded and others are not.
        var watch = Stopwatch.StartNew();
        var atKill = await api.GetJobAsync(jobId);
        while ((int)atKill["chunksCompleted"]! == 0 && watch.Elapsed < WorkTimeout)
        {
            await Task.Delay(50);
            atKill = await api.GetJobAsync(jobId);
        }

        await service.KillAsync();
        int chunksTotal = (int)atKill["chunksTotal"]!;
        int completedAtKill = (int)atKill["chunksCompleted"]!;
        Assert.True(completedAtKill < chunksTotal, $"The job finished before the kill ({completedAtKill}/{chunksTotal}); make it larger.");

        var restarted = Stopwatch.StartNew();
        await service.StartAgainAsync();
        var job = await api.GetJobAsync(jobId);
        while (!(bool)job["isFinished"]! && restarted.Elapsed < WorkTimeout)
        {
            await Task.Delay(250);
            job = await api.GetJobAsync(jobId);
        }

        var resumed = restarted.Elapsed;
        var (count, _, _) = await api.StatsAsync(collection);
        var lost = await acknowledged.FindLostAsync(api, collection);
        ReliabilityReport.Write(output, "Faults", "kill-during-bulk", new Dictionary<string, object>
        {
            ["requests"] = 0,
            ["faultsInjected"] = 1,
            ["documents"] = documents,
            ["chunks"] = chunksTotal,
            ["chunksDoneAtKill"] = completedAtKill,
            ["secondsToFinishAfterRestart"] = Math.Round(resumed.TotalSeconds, 1),
            ["liveDocumentsAfter"] = count,
            ["documentsVerified"] = acknowledged.Count,
            ["lost"] = lost.Count,
        }, "Bulk job of vector documents (250 per chunk); the service SIGKILLed after the first chunk, restarted; in-flight messages reappear after 10 s.");

        Assert.Equal("completed", (string)job["state"]!);
        Assert.Equal(chunksTotal, (int)job["chunksCompleted"]!);
        Assert.Equal(documents, (int)job["documentsWritten"]!);
        Assert.Equal(documents, count);
        Assert.Empty(lost);
    }

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
        var lockBlob = new BlobContainerClient(azurite.ConnectionString, Container).GetBlobClient(BlobLayout.CompactionLock(collection));

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
        while (!killedUnderLease && watch.Elapsed < WorkTimeout && writers.Any(w => !w.IsCompleted))
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
        while (await IsLeasedAsync(lockBlob) && leaseWatch.Elapsed < WorkTimeout)
        {
            await Task.Delay(500);
        }

        var leaseFreedAfter = leaseWatch.Elapsed;
        int extra = 0;
        var compacted = beforeSecond;
        while (compacted.LogBytes >= beforeSecond.LogBytes && leaseWatch.Elapsed < WorkTimeout)
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
