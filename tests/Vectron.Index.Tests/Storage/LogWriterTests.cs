using Azure.Storage.Blobs.Models;
using Vectron.Index.Collections;
using Vectron.Index.Storage;

namespace Vectron.Index.Tests.Storage;

public sealed class LogWriterTests
{
    [Fact]
    public async Task UpsertAsync_ConcurrentCallsOnOneInstance_ShareAppendBlocks()
    {
        using VectronCollections collections = TestData.Collections();
        await collections.CreateAsync("group", new CollectionSettings(4));
        await collections.UpsertAsync("group", [new DocumentUpsert("warm-up", new float[] { 1, 1, 1, 1 })]);
        var random = new Random(51);
        const int calls = 64;

        await Task.WhenAll(Enumerable.Range(0, calls).Select(i => collections.UpsertAsync("group", [TestData.Document(random, $"c{i}", 4)])));

        LogBlobInfo log = Assert.Single(await collections.Logs.ListLogsAsync("group"));
        BlobProperties properties = await collections.Storage.Container.GetBlobClient(log.BlobName).GetPropertiesAsync();
        Assert.InRange(properties.BlobCommittedBlockCount, 2, calls);
        Assert.Equal(calls + 1, (await collections.GetStatsAsync("group")).Count);
    }

    [Fact]
    public async Task UpsertAsync_PastRollSize_RollsToNewLogAndCompactionRetiresTheSealedOne()
    {
        using VectronCollections collections = TestData.Collections(tweak: o => o.LogRollBytes = LogFormat.MaxAppendBytes);
        await collections.CreateAsync("roll", new CollectionSettings(384));
        var random = new Random(52);
        for (int batch = 0; batch < 4; batch++)
        {
            await collections.UpsertAsync("roll", Enumerable.Range(0, 1000).Select(i => new DocumentUpsert($"b{batch}-{i}", TestData.Vector(random, 384))).ToList());
        }

        IReadOnlyList<LogBlobInfo> logs = await collections.Logs.ListLogsAsync("roll");
        Assert.True(logs.Count >= 2);
        Assert.All(logs, l => Assert.InRange(l.Length, 1, LogFormat.MaxAppendBytes));
        Assert.All(logs.OrderBy(l => l.BlobName, StringComparer.Ordinal).SkipLast(1), l => Assert.True(l.IsSealed));

        await collections.CompactAsync("roll");
        CompactionResult second = await collections.CompactAsync("roll");

        IReadOnlyList<LogBlobInfo> left = await collections.Logs.ListLogsAsync("roll");
        Assert.Equal(logs.Count - 1, second.BlobsDeleted);
        Assert.Equal(logs.OrderBy(l => l.BlobName, StringComparer.Ordinal).Last().BlobName, Assert.Single(left).BlobName);
        Assert.Equal(4000, (await collections.GetStatsAsync("roll")).Count);
    }

    [Fact]
    public async Task UpsertAsync_AfterCompactionSealedAndRetiredAnIdleLog_RollsToANewLog()
    {
        using VectronCollections collections = TestData.Collections(tweak: o => o.IdleLogSealAfter = TimeSpan.Zero);
        await collections.CreateAsync("idle", new CollectionSettings(2));
        await collections.UpsertAsync("idle", [new DocumentUpsert("first", new float[] { 1, 0 })]);
        string firstLog = Assert.Single(await collections.Logs.ListLogsAsync("idle")).BlobName;

        await collections.CompactAsync("idle");
        Assert.True(Assert.Single(await collections.Logs.ListLogsAsync("idle")).IsSealed);
        await collections.UpsertAsync("idle", [new DocumentUpsert("second", new float[] { 0, 1 })]);
        await collections.CompactAsync("idle");
        await collections.CompactAsync("idle");

        IReadOnlyList<LogBlobInfo> logs = await collections.Logs.ListLogsAsync("idle");
        Assert.DoesNotContain(logs, l => l.BlobName == firstLog);
        Assert.Equal(2, (await collections.GetStatsAsync("idle")).Count);
        await collections.UpsertAsync("idle", [new DocumentUpsert("third", new float[] { 1, 1 })]);
        Assert.Equal(3, (await collections.GetStatsAsync("idle")).Count);
    }
}
