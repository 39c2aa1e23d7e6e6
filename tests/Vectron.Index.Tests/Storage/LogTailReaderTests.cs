using Azure.Storage.Blobs.Specialized;
using Vectron.Index.Collections;
using Vectron.Index.Storage;

namespace Vectron.Index.Tests.Storage;

public sealed class LogTailReaderTests
{
    [Fact]
    public async Task ReadAsync_LastFrameCutInHalf_LoadsCompleteFramesThenTheRestOnceWritten()
    {
        using VectronCollections collections = TestData.Collections();
        await collections.CreateAsync("torn", new CollectionSettings(4));
        var random = new Random(41);
        List<LogRecord> records = Enumerable.Range(0, 4).Select(i => LogRecord.Upsert($"doc-{i}", new RecordVersion(i + 1, 7), VectorRules.Normalize(TestData.Vector(random, 4), 4), [], [])).ToList();
        byte[] frames = LogRecordCodec.Encode(records);
        int lastFrameStart = frames.Length - LogRecordCodec.GetFrameSize(records[^1]);
        int cut = lastFrameStart + ((frames.Length - lastFrameStart) / 2);
        string blobName = BlobLayout.Log("torn", "by-hand", 0);
        AppendBlobClient log = collections.Storage.Container.GetAppendBlobClient(blobName);
        await log.CreateAsync();
        await log.AppendBlockAsync(new MemoryStream(frames, 0, cut));

        LogTail tail = await collections.Logs.ReadAsync(blobName, 0, cut);
        using var reader = new CollectionReader(collections.Storage, "torn");
        await reader.RefreshAsync();

        Assert.Equal(FrameStop.Incomplete, tail.Stop);
        Assert.Equal(lastFrameStart, tail.NextPosition);
        Assert.Equal(["doc-0", "doc-1", "doc-2"], tail.Records.Select(r => r.Record.Id));
        Assert.Equal(3, reader.Count);

        await log.AppendBlockAsync(new MemoryStream(frames, cut, frames.Length - cut));
        LogTail rest = await collections.Logs.ReadAsync(blobName, tail.NextPosition, frames.Length);
        await reader.RefreshAsync();

        Assert.Equal(FrameStop.End, rest.Stop);
        Assert.Equal("doc-3", Assert.Single(rest.Records).Record.Id);
        Assert.Equal(4, reader.Count);
    }

    [Fact]
    public async Task ReadAsync_TailOfManyChunksAndAFrameLargerThanOne_DecodesLikeTheWholeBytes()
    {
        using VectronCollections collections = TestData.Collections();
        await collections.CreateAsync("chunks", new CollectionSettings(384));
        var random = new Random(43);

        // About 3 MB of frames of uneven sizes, so frames straddle every 1 MiB chunk border, with one 2 MB text in
        // the middle that no chunk holds whole.
        List<LogRecord> records = Enumerable.Range(0, 1200).Select(i => LogRecord.Upsert(
            $"doc-{i}",
            new RecordVersion(i + 1, 7),
            VectorRules.Normalize(TestData.Vector(random, 384), 384),
            [],
            new byte[i == 600 ? 2_000_000 : random.Next(0, 1000)])).ToList();
        byte[] frames = LogRecordCodec.Encode(records);
        string blobName = BlobLayout.Log("chunks", "by-hand", 0);
        AppendBlobClient log = collections.Storage.Container.GetAppendBlobClient(blobName);
        await log.CreateAsync();
        for (int at = 0; at < frames.Length; at += 1 << 20)
        {
            await log.AppendBlockAsync(new MemoryStream(frames, at, Math.Min(1 << 20, frames.Length - at)));
        }

        int from = LogRecordCodec.GetFrameSize(records[0]);
        int cut = frames.Length - 100;
        LogTail whole = await collections.Logs.ReadAsync(blobName, from, frames.Length);
        LogTail torn = await collections.Logs.ReadAsync(blobName, from, cut);

        FrameScan expected = LogRecordCodec.Decode(frames.AsSpan(from), from);
        Assert.Equal(FrameStop.End, whole.Stop);
        Assert.Equal(frames.Length, whole.NextPosition);
        Assert.Equal(expected.Records.Select(r => (r.Offset, r.Record.Id, r.Record.Text.Length)), whole.Records.Select(r => (r.Offset, r.Record.Id, r.Record.Text.Length)));
        Assert.Equal(records[^1].Vector, whole.Records[^1].Record.Vector);
        Assert.Equal(FrameStop.Incomplete, torn.Stop);
        Assert.Equal(whole.Records[^1].Offset, torn.NextPosition);
        Assert.Equal(whole.Records.Count - 1, torn.Records.Count);
    }

    [Fact]
    public async Task ReadAsync_CorruptFrameAtTail_IsSkippedNotFatal()
    {
        using VectronCollections collections = TestData.Collections();
        await collections.CreateAsync("corrupt", new CollectionSettings(2));
        await collections.UpsertAsync("corrupt", [new DocumentUpsert("good", new float[] { 1, 2 })]);
        LogBlobInfo written = Assert.Single(await collections.Logs.ListLogsAsync("corrupt"));
        byte[] garbage = LogRecordCodec.Encode([LogRecord.Delete("good", new RecordVersion(long.MaxValue, 1))]);
        garbage[^1] ^= 0xFF;
        await collections.Storage.Container.GetAppendBlobClient(written.BlobName).AppendBlockAsync(new MemoryStream(garbage));

        LogTail tail = await collections.Logs.ReadAsync(written.BlobName, 0, written.Length + garbage.Length);

        Assert.Equal(FrameStop.Corrupt, tail.Stop);
        Assert.Equal(written.Length, tail.NextPosition);
        Assert.NotNull(await collections.GetDocumentAsync("corrupt", "good"));
    }

    [Fact]
    public async Task ReadAsync_FromBlobEnd_ReturnsNoRecords()
    {
        using VectronCollections collections = TestData.Collections();
        await collections.CreateAsync("end", new CollectionSettings(2));
        await collections.UpsertAsync("end", [new DocumentUpsert("a", new float[] { 1, 2 })]);
        LogBlobInfo log = Assert.Single(await collections.Logs.ListLogsAsync("end"));

        LogTail atEnd = await collections.Logs.ReadAsync(log.BlobName, log.Length, log.Length);
        LogTail pastListedLength = await collections.Logs.ReadAsync(log.BlobName, log.Length, log.Length + 100);

        Assert.Empty(atEnd.Records);
        Assert.Empty(pastListedLength.Records);
        Assert.Equal(log.Length, pastListedLength.NextPosition);
    }

    [Fact]
    public async Task CatchUpAsync_WithHeldPositions_ReturnsOnlyNewRecords()
    {
        using VectronCollections writerA = TestData.Collections();
        using VectronCollections writerB = TestData.Collections(writerA.Storage.Options.ContainerName);
        await writerA.CreateAsync("tail", new CollectionSettings(2));
        await writerA.UpsertAsync("tail", [new DocumentUpsert("a1", new float[] { 1, 0 }), new DocumentUpsert("a2", new float[] { 0, 1 })]);
        await writerB.UpsertAsync("tail", [new DocumentUpsert("b1", new float[] { 1, 1 })]);
        var positions = new Dictionary<string, long>();

        IReadOnlyList<LogTail> first = await writerA.Logs.CatchUpAsync(await writerA.Logs.ListLogsAsync("tail"), positions, _ => 0);
        foreach (LogTail tail in first)
        {
            positions[tail.BlobName] = tail.NextPosition;
        }

        await writerB.UpsertAsync("tail", [new DocumentUpsert("b2", new float[] { 2, 1 })]);
        IReadOnlyList<LogTail> second = await writerA.Logs.CatchUpAsync(await writerA.Logs.ListLogsAsync("tail"), positions, _ => 0);

        Assert.Equal(["a1", "a2", "b1"], first.SelectMany(t => t.Records).Select(r => r.Record.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["b2"], second.SelectMany(t => t.Records).Select(r => r.Record.Id));
    }
}
