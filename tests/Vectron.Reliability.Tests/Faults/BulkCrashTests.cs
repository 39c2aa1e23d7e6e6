using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vectron.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Vectron.Reliability.Tests.Faults;

/// <summary>
/// The service is killed with SIGKILL in the middle of a bulk job (Azurite keeps running), then started again: the
/// job finishes by itself with every document once.
/// </summary>
public sealed class BulkCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Kill_DuringBulkIngestion_JobResumesToCompletionWithEveryDocumentOnce()
    {
        // Enough work per chunk that the job cannot finish between two polls on a fast, idle machine (at 32
        // dimensions the 6,000-document CI job did), small enough that the full run's body stays under the bulk limit.
        const int dimensions = 128;
        int documents = ReliabilityScale.Current.BulkDocuments;

        // About 48 chunks at any scale, so the kill lands after a few and the restart has most of them to do. (With at
        // least 250 documents a chunk, the CI job was 24 chunks, and on a faster host all of them finished between
        // two polls on 2026-12-07.)
        int chunkDocuments = Math.Max(100, documents / 48);
        using var azurite = await AzuriteProcess.StartAsync();
        using var service = await ServiceProcess.StartAsync(azurite.ConnectionString, new Dictionary<string, string>
        {
            ["Vectron__Bulk__MaxChunkDocuments"] = chunkDocuments.ToString(CultureInfo.InvariantCulture),
            // One chunk at a time, so the kill lands between chunks done and chunks to do.
            ["AzureFunctionsJobHost__extensions__queues__batchSize"] = "1",
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
        while ((int)atKill["chunksCompleted"]! == 0 && watch.Elapsed < ServiceProcess.WorkTimeout)
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
        while (!(bool)job["isFinished"]! && restarted.Elapsed < ServiceProcess.WorkTimeout)
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
        }, $"Bulk job of vector documents ({chunkDocuments} per chunk, 1 chunk at a time); the service SIGKILLed once a chunk was recorded, restarted; messages it held reappear after 10 s.");

        Assert.Equal("completed", (string)job["state"]!);
        Assert.Equal(chunksTotal, (int)job["chunksCompleted"]!);
        Assert.Equal(documents, (int)job["documentsWritten"]!);
        Assert.Equal(documents, count);
        Assert.Empty(lost);
    }
}
