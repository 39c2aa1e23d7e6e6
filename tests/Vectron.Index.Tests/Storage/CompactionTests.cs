using Azure.Storage.Blobs.Specialized;
using Vectron.Index.Collections;
using Vectron.Index.Storage;

namespace Vectron.Index.Tests.Storage;

public sealed class CompactionTests
{
    [Fact]
    public async Task CompactAsync_UpdatesAndDeletes_WritesLatestLiveRowsReadableByRange()
    {
        using VectronCollections collections = TestData.Collections();
        await collections.CreateAsync("merge", new CollectionSettings(8));
        var random = new Random(61);
        var expected = new Dictionary<string, DocumentUpsert>();
        await UpsertTrackedAsync(collections, "merge", expected, Enumerable.Range(0, 60).Select(i => TestData.Document(random, $"doc-{i:D3}", 8, 2000)).ToList());
        await collections.CompactAsync("merge");
        await UpsertTrackedAsync(collections, "merge", expected, Enumerable.Range(0, 60).Where(i => i % 3 == 0).Select(i => TestData.Document(random, $"doc-{i:D3}", 8)).ToList());
        await DeleteTrackedAsync(collections, "merge", expected, [.. Enumerable.Range(0, 60).Where(i => i % 5 == 0).Select(i => $"doc-{i:D3}")]);

        CompactionResult result = await collections.CompactAsync("merge");

        Assert.True(result.Compacted);
        Assert.Equal(expected.Count, result.RowsWritten);
        CollectionManifest manifest = (await collections.Manifests.ReadAsync("merge")).Manifest;
        SegmentInfo segment = Assert.Single(manifest.Segments);
        string[] ids = await collections.Segments.ReadIdsAsync(segment);
        float[] vectors = await ReadVectorsAsync(collections, segment);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), ids);
        int[] someRows = [0, ids.Length / 2, ids.Length - 1];
        IReadOnlyList<SegmentDocument> documents = await collections.Segments.ReadDocumentsAsync(segment, someRows);
        long[] offsets = await collections.Segments.ReadDocumentOffsetsAsync(segment);
        IReadOnlyList<SegmentDocument> viaOffsets = await collections.Segments.ReadDocumentsAsync(segment, someRows, offsets);
        for (int i = 0; i < someRows.Length; i++)
        {
            DocumentUpsert source = expected[ids[someRows[i]]];
            Assert.Equal(source.Id, documents[i].Id);
            Assert.Equal(source.MetadataJson, documents[i].MetadataJson);
            Assert.Equal(source.Text, documents[i].TextString);
            Assert.Equal(documents[i].Metadata.ToArray(), viaOffsets[i].Metadata.ToArray());
            Assert.Equal(VectorRules.Normalize(source.Vector.Span, 8), vectors.AsSpan(someRows[i] * 8, 8).ToArray());
        }
    }

    [Fact]
    public async Task CompactAsync_OlderWriteLandingAfterDeleteWasCompacted_DoesNotResurrect()
    {
        using VectronCollections collections = TestData.Collections();
        await collections.CreateAsync("late", new CollectionSettings(2));
        await collections.UpsertAsync("late", [new DocumentUpsert("x", new float[] { 1, 0 })]);
        long beforeDelete = collections.Storage.Clock.Next();
        await collections.DeleteDocumentsAsync("late", ["x"]);
        await collections.CompactAsync("late");

        // Another writer stamped its upsert before the delete, but its append lands only now, past the watermarks.
        LogRecord late = LogRecord.Upsert("x", new RecordVersion(beforeDelete, RecordVersion.TagOf("slow-writer")), [0, 1], [], []);
        var log = collections.Storage.Container.GetAppendBlobClient(BlobLayout.Log("late", "slow-writer", 0));
        await log.CreateAsync();
        await log.AppendBlockAsync(new MemoryStream(LogRecordCodec.Encode([late])));

        Assert.Null(await collections.GetDocumentAsync("late", "x"));
        await collections.CompactAsync("late");
        Assert.Null(await collections.GetDocumentAsync("late", "x"));
        Assert.Equal(0, (await collections.GetStatsAsync("late")).Count);
    }

    [Fact]
    public async Task CompactAsync_TombstonesOlderThanRetention_AreDropped()
    {
        using VectronCollections collections = TestData.Collections(tweak: o => o.TombstoneRetention = TimeSpan.Zero);
        await collections.CreateAsync("drop", new CollectionSettings(2));
        await collections.UpsertAsync("drop", [new DocumentUpsert("x", new float[] { 1, 0 }), new DocumentUpsert("y", new float[] { 0, 1 })]);
        await collections.DeleteDocumentsAsync("drop", ["x"]);

        await collections.CompactAsync("drop");

        SegmentInfo segment = Assert.Single((await collections.Manifests.ReadAsync("drop")).Manifest.Segments);
        Assert.Empty(await collections.Segments.ReadTombstonesAsync(segment));
        Assert.Equal(["y"], await collections.Segments.ReadIdsAsync(segment));
    }

    [Fact]
    public async Task Snapshot_SegmentRowsSupersededByNewerLogRecords_ListsEveryLiveDocumentOnce()
    {
        using VectronCollections collections = TestData.Collections();
        await collections.CreateAsync("snap", new CollectionSettings(4));
        var random = new Random(63);
        await collections.UpsertAsync("snap", Enumerable.Range(0, 50).Select(i => TestData.Document(random, $"d{i}", 4)).ToList());
        await collections.CompactAsync("snap");
        await collections.UpsertAsync("snap", Enumerable.Range(40, 20).Select(i => TestData.Document(random, $"d{i}", 4)).ToList());
        await collections.DeleteDocumentsAsync("snap", ["d0", "d1", "d45", "d55"]);
        using var reader = new CollectionReader(collections.Storage, "snap");
        await reader.RefreshAsync();

        CollectionSnapshot snapshot = reader.Snapshot();

        var liveIds = new List<string>();
        foreach (SegmentSnapshot segment in snapshot.Segments)
        {
            string[] ids = await collections.Segments.ReadIdsAsync(segment.Segment);
            liveIds.AddRange(ids.Where((_, row) => segment.LiveRows[row]));
        }

        List<string> fromLogs = snapshot.LiveLogRecords.Select(r => r.Id).ToList();
        liveIds.AddRange(fromLogs);
        IEnumerable<string> expected = Enumerable.Range(0, 60).Where(i => i is not (0 or 1 or 45 or 55)).Select(i => $"d{i}");
        Assert.Equal(expected.Order(StringComparer.Ordinal), liveIds.Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(40, 20).Where(i => i is not (45 or 55)).Select(i => $"d{i}").Order(StringComparer.Ordinal), fromLogs.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CompactAsync_WhileAnotherHoldsTheLease_IsSkippedAndChangesNothing()
    {
        using VectronCollections collections = TestData.Collections();
        await collections.CreateAsync("leased", new CollectionSettings(2));
        await collections.UpsertAsync("leased", [new DocumentUpsert("a", new float[] { 1, 2 })]);
        var lockBlob = collections.Storage.Container.GetBlobClient(BlobLayout.CompactionLock("leased"));
        await lockBlob.UploadAsync(BinaryData.Empty);
        BlobLeaseClient lease = lockBlob.GetBlobLeaseClient();
        await lease.AcquireAsync(TimeSpan.FromSeconds(30));

        CompactionResult result = await collections.CompactAsync("leased");
        await lease.ReleaseAsync();

        Assert.False(result.Compacted);
        Assert.Empty((await collections.Manifests.ReadAsync("leased")).Manifest.Segments);
    }

    [Fact]
    public async Task Reader_StartedBeforeCompaction_AnswersTheSameWhileManifestIsSwapped()
    {
        using VectronCollections writer = TestData.Collections();
        await writer.CreateAsync("swap", new CollectionSettings(4));
        var random = new Random(62);
        for (int batch = 0; batch < 10; batch++)
        {
            await writer.UpsertAsync("swap", Enumerable.Range(0, 100).Select(i => TestData.Document(random, $"d{(batch * 37 + i) % 400}", 4)).ToList());
        }

        await writer.DeleteDocumentsAsync("swap", Enumerable.Range(0, 400).Where(i => i % 7 == 0).Select(i => $"d{i}").ToList());
        using var reader = new CollectionReader(writer.Storage, "swap");
        await reader.RefreshAsync();
        Dictionary<string, RecordVersion> before = Snapshot(reader);
        Assert.Equal(0, reader.Manifest!.Generation);

        using var stop = new CancellationTokenSource();
        Task<int> refreshes = Task.Run(async () =>
        {
            int count = 0;
            while (!stop.IsCancellationRequested)
            {
                await reader.RefreshAsync();
                Assert.Equal(before, Snapshot(reader));
                count++;
            }

            return count;
        });
        await writer.CompactAsync("swap");
        await writer.CompactAsync("swap");
        await Task.Delay(200);
        await stop.CancelAsync();
        int refreshed = await refreshes;

        await reader.RefreshAsync();
        Assert.True(refreshed > 0);
        Assert.Equal(2, reader.Manifest!.Generation);
        Assert.Equal(before, Snapshot(reader));
        foreach (string id in before.Keys.Take(20))
        {
            Assert.NotNull(await reader.GetDocumentAsync(id));
        }
    }

    [Fact]
    public async Task CompactAsync_ManySmallSegmentsOverRounds_StreamsToLastWriterWinsInAscendingParts()
    {
        const int PartRows = 7;
        using VectronCollections collections = TestData.Collections(tweak: o => o.MaxSegmentRows = PartRows);
        await collections.CreateAsync("stream", new CollectionSettings(4));
        var random = new Random(62);
        var expected = new Dictionary<string, DocumentUpsert>();
        for (int round = 0; round < 6; round++)
        {
            // New ids land between, before and after existing ones; updates and deletes hit every part.
            List<DocumentUpsert> batch = [.. Enumerable.Range(0, 15).Select(_ => random.Next(80)).Distinct()
                .Select(n => TestData.Document(random, $"doc-{n:D2}", 4, 50))];
            await UpsertTrackedAsync(collections, "stream", expected, batch);
            string[] deleted = [.. expected.Keys.Where(_ => random.Next(6) == 0)];
            if (deleted.Length > 0)
            {
                await DeleteTrackedAsync(collections, "stream", expected, deleted);
            }

            CompactionResult result = await collections.CompactAsync("stream");

            Assert.True(result.Compacted);
            Assert.Equal(expected.Count, result.RowsWritten);
            IReadOnlyList<SegmentInfo> segments = (await collections.Manifests.ReadAsync("stream")).Manifest.Segments;
            var ids = new List<string>();
            foreach (SegmentInfo segment in segments)
            {
                Assert.InRange(segment.Rows, 0, PartRows);
                string[] segmentIds = await collections.Segments.ReadIdsAsync(segment);
                float[] vectors = await ReadVectorsAsync(collections, segment);
                for (int row = 0; row < segmentIds.Length; row++)
                {
                    Assert.Equal(VectorRules.Normalize(expected[segmentIds[row]].Vector.Span, 4), vectors.AsSpan(row * 4, 4).ToArray());
                }

                ids.AddRange(segmentIds);
            }

            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), ids);
            Assert.All(segments.SkipLast(1), segment => Assert.InRange(segment.Rows, PartRows / 2, PartRows));
        }
    }

    [Fact]
    public async Task CompactAsync_SegmentsNothingOverrides_AreKeptAndTheOthersRewritten()
    {
        using VectronCollections collections = TestData.Collections(tweak: o => o.MaxSegmentRows = 10);
        await collections.CreateAsync("keep", new CollectionSettings(4));
        var random = new Random(63);
        var expected = new Dictionary<string, DocumentUpsert>();
        await UpsertTrackedAsync(collections, "keep", expected, [.. Enumerable.Range(0, 40).Select(i => TestData.Document(random, $"doc-{i:D3}", 4, 50))]);
        await collections.CompactAsync("keep");
        string[] first = [.. (await collections.Manifests.ReadAsync("keep")).Manifest.Segments.Select(s => s.BlobName)];

        // New ids after the last: every segment is kept, one part is added.
        await UpsertTrackedAsync(collections, "keep", expected, [.. Enumerable.Range(40, 5).Select(i => TestData.Document(random, $"doc-{i:D3}", 4, 50))]);
        CompactionResult appended = await collections.CompactAsync("keep");
        string[] second = [.. (await collections.Manifests.ReadAsync("keep")).Manifest.Segments.Select(s => s.BlobName)];

        // One update in the second segment: only it is rewritten.
        await UpsertTrackedAsync(collections, "keep", expected, [TestData.Document(random, "doc-015", 4, 50)]);
        CompactionResult updated = await collections.CompactAsync("keep");
        IReadOnlyList<SegmentInfo> third = (await collections.Manifests.ReadAsync("keep")).Manifest.Segments;

        Assert.Equal(4, first.Length);
        Assert.Equal((1, 45), (appended.SegmentsWritten, appended.RowsWritten));
        Assert.Equal(first, second[..4]);
        Assert.Equal((1, 45), (updated.SegmentsWritten, updated.RowsWritten));
        Assert.Equal([second[0], second[2], second[3], second[4]], [third[0].BlobName, third[2].BlobName, third[3].BlobName, third[4].BlobName]);
        Assert.NotEqual(second[1], third[1].BlobName);
        Assert.Equal(10, third[1].Rows);
        var stored = new List<string>();
        foreach (SegmentInfo segment in third)
        {
            string[] ids = await collections.Segments.ReadIdsAsync(segment);
            float[] vectors = await ReadVectorsAsync(collections, segment);
            for (int row = 0; row < ids.Length; row++)
            {
                Assert.Equal(VectorRules.Normalize(expected[ids[row]].Vector.Span, 4), vectors.AsSpan(row * 4, 4).ToArray());
            }

            stored.AddRange(ids);
        }

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), stored);
        CollectionManifest manifest = (await collections.Manifests.ReadAsync("keep")).Manifest;
        Assert.Contains(manifest.Retired, r => r.BlobName == second[1]);
        Assert.DoesNotContain(manifest.Retired, r => third.Any(s => s.BlobName == r.BlobName));
    }

    private static Dictionary<string, RecordVersion> Snapshot(CollectionReader reader)
    {
        return reader.LiveIds.ToDictionary(id => id, id => reader.TryGetVersion(id, out RecordVersion version, out _) ? version : default);
    }

    private static async Task DeleteTrackedAsync(VectronCollections collections, string name, Dictionary<string, DocumentUpsert> expected, string[] ids)
    {
        await collections.DeleteDocumentsAsync(name, ids);
        foreach (string id in ids)
        {
            expected.Remove(id);
        }
    }

    private static async Task UpsertTrackedAsync(VectronCollections collections, string name, Dictionary<string, DocumentUpsert> expected, List<DocumentUpsert> batch)
    {
        await collections.UpsertAsync(name, batch);
        foreach (DocumentUpsert document in batch)
        {
            expected[document.Id] = document;
        }
    }

    private static async Task<float[]> ReadVectorsAsync(VectronCollections collections, SegmentInfo segment)
    {
        float[] vectors = new float[segment.Rows * segment.Layout.Dimensions];
        await collections.Segments.ReadVectorBlockAsync(segment, (rows, firstRow) => rows.CopyTo(vectors.AsSpan(firstRow * segment.Layout.Dimensions)));
        return vectors;
    }
}
