using System.IO.Compression;
using System.Text;
using Vectron.Index.Collections;
using Vectron.Index.Ingestion;
using Vectron.Index.Tests.Storage;

namespace Vectron.Index.Tests.Ingestion;

public sealed class BulkIngestionTests
{
    private const int Dimensions = 16;

    [Fact]
    public async Task ProcessChunkAsync_TwentyThousandVectorsThroughTheQueue_JobCompletesWithExactCountAndAllReadable()
    {
        using var host = new BulkTestHost();
        await host.Collections.CreateAsync("bulk-20k", new CollectionSettings(Dimensions));
        var random = new Random(20_000);
        var vectors = new Dictionary<string, float[]>();
        var lines = new List<string>();
        for (int i = 0; i < 20_000; i++)
        {
            string id = $"doc-{i}";
            vectors[id] = TestData.Vector(random, Dimensions);
            lines.Add(BulkTestHost.VectorLine(id, vectors[id], $"{{\"n\":{i}}}"));
        }

        BulkJobStarted started = await host.SubmitAsync("bulk-20k", lines);
        Assert.Equal(BulkJobState.Queued, (await host.Bulk.GetJobAsync(started.JobId)).State);
        await host.DrainAsync();

        BulkJobStatus status = await host.Bulk.GetJobAsync(started.JobId);
        Assert.Equal(BulkJobState.Completed, status.State);
        Assert.True(started.Chunks.Count > 10, $"expected many chunks, got {started.Chunks.Count}");
        Assert.Equal((started.Chunks.Count, 0), (status.ChunksCompleted, status.ChunksFailed));
        Assert.Equal((20_000L, 20_000L, 0L), (status.DocumentsTotal, status.DocumentsWritten, status.BadLines));
        Assert.NotNull(status.StartedAt);
        Assert.NotNull(status.FinishedAt);
        Assert.True(status.DocumentsPerSecond > 0);
        Assert.Equal(20_000, (await host.Collections.GetStatsAsync("bulk-20k")).Count);
        Assert.True(vectors.Keys.ToHashSet().SetEquals(await host.LiveIdsAsync("bulk-20k")));
        foreach (string id in vectors.Keys.OrderBy(_ => random.Next()).Take(20))
        {
            StoredDocument document = (await host.Collections.GetDocumentAsync("bulk-20k", id))!;
            float[] expected = VectorRules.Normalize(vectors[id], Dimensions);
            Assert.Equal(expected, document.Vector.ToArray());
            Assert.Equal($"{{\"n\":{id[4..]}}}", document.MetadataJson);
        }
    }

    [Fact]
    public async Task ProcessChunkAsync_SameMessageDeliveredTwice_NoDuplicatesAndCountedOnce()
    {
        using var host = new BulkTestHost(o => o.ChunkTargetBytes = 4 * 1024);
        await host.Collections.CreateAsync("bulk-twice", new CollectionSettings(Dimensions));
        var random = new Random(2);
        var lines = Enumerable.Range(0, 300).Select(i => BulkTestHost.VectorLine(i % 2 == 0 ? $"given-{i}" : null, TestData.Vector(random, Dimensions))).ToList();
        using MemoryStream body = BulkTestHost.Body(lines);
        BulkJobStarted started = await host.Bulk.StartJobAsync("bulk-twice", body);

        BulkChunkResult first = await host.Bulk.ProcessChunkAsync(started.Chunks[0]);
        BulkChunkResult again = await host.Bulk.ProcessChunkAsync(started.Chunks[0]);
        BulkJobStatus afterOne = await host.Bulk.GetJobAsync(started.JobId);
        await Task.WhenAll(started.Chunks.Concat(started.Chunks).Select(c => host.Bulk.ProcessChunkAsync(c)));

        Assert.Equal((started.Chunks[0].Documents, false), (first.Written, first.AlreadyRecorded));
        Assert.Equal((first.Written, true), (again.Written, again.AlreadyRecorded));
        Assert.Equal(BulkJobState.Running, afterOne.State);
        Assert.Equal((1, started.Chunks[0].Documents), (afterOne.ChunksCompleted, (int)afterOne.DocumentsWritten));
        BulkJobStatus status = await host.Bulk.GetJobAsync(started.JobId);
        Assert.Equal(BulkJobState.Completed, status.State);
        Assert.Equal(300, status.DocumentsWritten);
        HashSet<string> ids = await host.LiveIdsAsync("bulk-twice");
        Assert.Equal(300, ids.Count);
        Assert.Contains($"{started.JobId}-2", ids);
        Assert.Contains("given-0", ids);
        Assert.Equal(300, (await host.Collections.GetStatsAsync("bulk-twice")).Count);
    }

    [Fact]
    public async Task ProcessChunkAsync_FileWithBadLines_ReportsThoseLinesAndWritesTheRest()
    {
        using var host = new BulkTestHost(o => o.ChunkTargetBytes = 2 * 1024);
        await host.Collections.CreateAsync("bulk-bad", new CollectionSettings(4));
        string[] badKinds =
        [
            "{\"id\":\"x\",\"vector\":[1,2,3]}", // wrong dimensions
            "{\"id\":\"x\",\"vector\":[0,0,0,0]}", // zero vector
            "{\"id\":\"x\",\"vector\":[1,\"a\",3,4]}", // not a number
            "{\"id\":\"x\",\"vector\":[1,2,3,4],\"metadata\":[1]}", // metadata not an object
            "{\"id\":\"\",\"vector\":[1,2,3,4]}", // empty id
            "{\"id\":\"x\"", // truncated JSON
            "[1,2,3]", // not an object
            "{\"id\":\"x\"}", // neither vector nor text
            "{\"id\":\"x\",\"vector\":[1,2,3,4]} {}", // two values
            "{\"id\":\"x\",\"vector\":[1e39,2,3,4]}", // not finite as float32
            "{\"id\":7,\"vector\":[1,2,3,4]}", // id not a string
        ];
        var random = new Random(7);
        var lines = new List<string>();
        var badLineNumbers = new List<long>();
        var goodIds = new HashSet<string>();
        for (int i = 0; i < 600; i++)
        {
            if (random.Next(4) == 0)
            {
                lines.Add(badKinds[random.Next(badKinds.Length)]);
                badLineNumbers.Add(i + 1);
            }
            else if (random.Next(10) == 0)
            {
                lines.Add("   ");
            }
            else
            {
                goodIds.Add($"g{i}");
                lines.Add(BulkTestHost.VectorLine($"g{i}", TestData.Vector(random, 4)));
            }
        }

        BulkJobStarted started = await host.SubmitAsync("bulk-bad", lines);
        await host.DrainAsync();

        BulkJobStatus status = await host.Bulk.GetJobAsync(started.JobId);
        Assert.Equal(BulkJobState.CompletedWithErrors, status.State);
        Assert.Equal(goodIds.Count + badLineNumbers.Count, status.DocumentsTotal);
        Assert.Equal(goodIds.Count, status.DocumentsWritten);
        Assert.Equal(badLineNumbers.Count, status.BadLines);
        Assert.Equal(badLineNumbers.Take(host.Options.MaxReportedErrors), status.Errors.Select(e => e.Line));
        Assert.All(status.Errors, e => Assert.False(string.IsNullOrEmpty(e.Message)));
        Assert.True(goodIds.SetEquals(await host.LiveIdsAsync("bulk-bad")));
    }

    [Fact]
    public async Task RecordChunkFailureAsync_ChunkPoisonedAfterMaxDequeueCount_JobReportsTheFailedChunk()
    {
        using var host = new BulkTestHost(o => o.ChunkTargetBytes = 2 * 1024);
        await host.Collections.CreateAsync("bulk-poison", new CollectionSettings(Dimensions));
        var random = new Random(3);
        BulkJobStarted started = await host.SubmitAsync("bulk-poison", Enumerable.Range(0, 200).Select(i => BulkTestHost.VectorLine($"p{i}", TestData.Vector(random, Dimensions))));
        BulkChunkMessage poisoned = started.Chunks[1];
        int attempts = 0;

        await host.DrainAsync(message =>
        {
            if (message.Chunk == poisoned.Chunk)
            {
                attempts++;
                throw new InvalidOperationException("simulated crash");
            }

            return host.Bulk.ProcessChunkAsync(message);
        });

        BulkJobStatus status = await host.Bulk.GetJobAsync(started.JobId);
        Assert.Equal(BulkTestHost.MaxDequeueCount, attempts);
        Assert.Equal(BulkJobState.CompletedWithErrors, status.State);
        Assert.Equal((started.Chunks.Count - 1, 1), (status.ChunksCompleted, status.ChunksFailed));
        BulkChunkFailure failure = Assert.Single(status.FailedChunks);
        Assert.Equal((poisoned.Chunk, poisoned.FirstLine, poisoned.Documents, "simulated crash"), (failure.Chunk, failure.FirstLine, failure.Documents, failure.Error));
        Assert.Equal(200 - poisoned.Documents, status.DocumentsWritten);
        Assert.Single((await host.Queue.PoisonQueue.ReceiveMessagesAsync(32)).Value);

        // A failure recorded after the chunk completed changes nothing: a chunk has one outcome.
        await host.Bulk.RecordChunkFailureAsync(started.Chunks[0], "late");
        Assert.Equal(1, (await host.Bulk.GetJobAsync(started.JobId)).ChunksFailed);
    }

    [Fact]
    public async Task ProcessChunkAsync_CollectionDeletedBeforeTheChunk_ChunkFailsWithoutRetry()
    {
        using var host = new BulkTestHost();
        await host.Collections.CreateAsync("bulk-gone", new CollectionSettings(4));
        BulkJobStarted started = await host.SubmitAsync("bulk-gone", ["{\"vector\":[1,2,3,4]}"]);
        await host.Collections.DeleteAsync("bulk-gone");

        int deliveries = await host.DrainAsync();

        BulkJobStatus status = await host.Bulk.GetJobAsync(started.JobId);
        Assert.Equal(1, deliveries);
        Assert.Equal(BulkJobState.Failed, status.State);
        Assert.Contains("bulk-gone", Assert.Single(status.FailedChunks).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BulkCompression.Auto)]
    [InlineData(BulkCompression.Gzip)]
    public async Task StartJobAsync_GzipBody_StagesTheDecompressedLines(BulkCompression compression)
    {
        using var host = new BulkTestHost(o => o.ChunkTargetBytes = 1024);
        await host.Collections.CreateAsync("bulk-gzip", new CollectionSettings(4));
        var random = new Random(5);
        var lines = Enumerable.Range(0, 100).Select(i => BulkTestHost.VectorLine($"z{i}", TestData.Vector(random, 4))).ToList();
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(string.Join("\r\n", lines)));
        }

        compressed.Position = 0;
        BulkJobStarted started = await host.Bulk.StartJobAsync("bulk-gzip", compressed, new BulkJobOptions(compression));
        await host.Queue.EnqueueAsync(started.Chunks);
        await host.DrainAsync();

        Assert.Equal(100, started.Documents);
        Assert.Equal(BulkJobState.Completed, (await host.Bulk.GetJobAsync(started.JobId)).State);
        Assert.Equal(100, (await host.LiveIdsAsync("bulk-gzip")).Count);
    }

    [Fact]
    public async Task StartJobAsync_BadInputs_ThrowTypedErrorsAndStageNothing()
    {
        using var host = new BulkTestHost(o => o.MaxLineBytes = 1024);
        await host.Collections.CreateAsync("bulk-input", new CollectionSettings(4));

        await Assert.ThrowsAsync<CollectionNotFoundException>(() => host.Bulk.StartJobAsync("bulk-missing", BulkTestHost.Body(["{}"])));
        var empty = await Assert.ThrowsAsync<VectronValidationException>(() => host.Bulk.StartJobAsync("bulk-input", BulkTestHost.Body(["", "  "])));
        var tooLong = await Assert.ThrowsAsync<VectronValidationException>(() => host.Bulk.StartJobAsync("bulk-input", BulkTestHost.Body(["{}", new string('x', 2000)])));
        var notGzip = await Assert.ThrowsAsync<VectronValidationException>(() => host.Bulk.StartJobAsync("bulk-input", BulkTestHost.Body(["{}"]), new BulkJobOptions(BulkCompression.Gzip)));

        Assert.Equal(("body", "body", "body"), (empty.Field, tooLong.Field, notGzip.Field));
        Assert.Contains("Line 2", tooLong.Message, StringComparison.Ordinal);
        var committed = new List<string>();
        await foreach (var blob in host.Storage.Container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = JobLayout.JobsPrefix }))
        {
            committed.Add(blob.Name);
        }

        Assert.Empty(committed);
    }

    [Fact]
    public async Task GetJobAsync_UnknownOrMalformedId_ThrowsTypedErrors()
    {
        using var host = new BulkTestHost();

        await Assert.ThrowsAsync<BulkJobNotFoundException>(() => host.Bulk.GetJobAsync(JobLayout.NewJobId()));
        var malformed = await Assert.ThrowsAsync<VectronValidationException>(() => host.Bulk.GetJobAsync("../collections"));
        Assert.Equal("jobId", malformed.Field);
    }

    [Fact]
    public async Task CleanupExpiredJobsAsync_JobsIdleLongerThanRetention_DeletesThemAndKeepsFreshOnes()
    {
        string container = Vectron.Testing.TestStorage.UniqueContainerName("bulk");
        using var host = new BulkTestHost(container: container);
        await host.Collections.CreateAsync("bulk-clean", new CollectionSettings(4));
        BulkJobStarted job = await host.SubmitAsync("bulk-clean", ["{\"vector\":[1,2,3,4]}"]);
        await host.DrainAsync();
        using var almost = new BulkTestHost(time: new ShiftedTime(host.Options.Retention - TimeSpan.FromHours(1)), container: container);
        using var past = new BulkTestHost(time: new ShiftedTime(host.Options.Retention + TimeSpan.FromHours(1)), container: container);

        Assert.Equal(0, await almost.Bulk.CleanupExpiredJobsAsync());
        Assert.Equal(BulkJobState.Completed, (await host.Bulk.GetJobAsync(job.JobId)).State);
        Assert.Equal(1, await past.Bulk.CleanupExpiredJobsAsync());

        await Assert.ThrowsAsync<BulkJobNotFoundException>(() => host.Bulk.GetJobAsync(job.JobId));
        Assert.Equal(1, (await host.Collections.GetStatsAsync("bulk-clean")).Count);
        Assert.Equal(0, await past.Bulk.CleanupExpiredJobsAsync());
    }

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
