using Azure.Storage.Blobs;
using Vectron.Index.Collections;
using Vectron.Index.Query;
using Vectron.Index.Search.Filters;
using Vectron.Index.Storage;
using Vectron.Index.Tests.Storage;

namespace Vectron.Index.Tests.Query;

/// <summary>The segment cache as the query service uses it, on Azurite.</summary>
public sealed class QueryCacheTests
{
    private const int Dimensions = 16;

    [Fact]
    public async Task QueryAsync_BudgetBelowCollectionSize_NeverExceedsBudgetAndStaysCorrect()
    {
        // 6 segments of 30 rows; each vector block is about 30 × (64 floats + 16 codes + 4 scale + 24) bytes: room
        // for about two and a half.
        long oneBlock = (30 * ((Dimensions * (sizeof(float) + sizeof(sbyte))) + sizeof(float) + 24)) + 128;
        long budget = (oneBlock * 5) / 2;
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, maxSegmentRows: 30, query: o => o.CacheBytes = budget);
        var random = new Random(521);
        await bed.SeedAsync(random, compacted: 180, metadata: Odd);
        MetadataFilter filter = MetadataFilter.Parse("""{"odd":true}""");

        for (int round = 0; round < 10; round++)
        {
            float[] query = TestData.Vector(random, Dimensions);
            bool filtered = round % 3 == 2;

            QueryResult result = await bed.QueryAsync(query, 15, filter: filtered ? filter : null);

            bed.AssertMatchesBruteForce(query, result, 15, filtered ? d => d.MetadataJson!.Contains("true", StringComparison.Ordinal) : null);
            Assert.InRange(bed.Service.Cache.BytesHeld, 1, budget);
        }

        Assert.True(bed.Service.Cache.Evictions > 0);
    }

    [Fact]
    public async Task QueryAsync_ConcurrentFirstQueries_LoadEachSegmentOnce()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, maxSegmentRows: 25);
        var random = new Random(522);
        await bed.SeedAsync(random, compacted: 100, metadata: Odd);
        int segments = (await bed.Writer.Manifests.ReadAsync(bed.Collection)).Manifest.Segments.Count;

        float[][] queries = Enumerable.Range(0, 12).Select(_ => TestData.Vector(random, Dimensions)).ToArray();
        QueryResult[] results = await Task.WhenAll(queries.Select(q => Task.Run(() => bed.QueryAsync(q, 5))));

        Assert.Equal(4, segments);
        Assert.Equal(segments, bed.Service.Cache.Loads);
        for (int i = 0; i < queries.Length; i++)
        {
            bed.AssertMatchesBruteForce(queries[i], results[i], 5);
        }
    }

    [Fact]
    public async Task QueryAsync_AfterCompactionRewritesSegments_LoadsTheNewBlobsAndAnswersFromThem()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, maxSegmentRows: 40);
        var random = new Random(523);
        await bed.SeedAsync(random, compacted: 60, metadata: Odd);
        float[] query = TestData.Vector(random, Dimensions);
        await bed.QueryAsync(query, 10);
        long loadsBefore = bed.Service.Cache.Loads;
        IReadOnlyList<SegmentInfo> before = (await bed.Writer.Manifests.ReadAsync(bed.Collection)).Manifest.Segments;

        await bed.UpsertAsync(bed.Documents(random, 30, 50, Odd));
        await bed.DeleteAsync(["d1", "d2"]);
        await bed.CompactAsync();
        IReadOnlyList<SegmentInfo> after = (await bed.Writer.Manifests.ReadAsync(bed.Collection)).Manifest.Segments;
        QueryResult result = await bed.QueryAsync(query, 30);

        Assert.Empty(after.Select(s => (s.BlobName, s.ETag)).Intersect(before.Select(s => (s.BlobName, s.ETag))));
        Assert.Equal(loadsBefore + after.Count, bed.Service.Cache.Loads);
        bed.AssertMatchesBruteForce(query, result, 30);
    }

    [Fact]
    public async Task QueryAsync_SegmentRewrittenUnderTheSameName_ReloadsItByItsNewETag()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, maxSegmentRows: 40);
        var random = new Random(527);
        await bed.SeedAsync(random, compacted: 80, metadata: Odd);
        float[] query = TestData.Vector(random, Dimensions);
        await bed.QueryAsync(query, 10);
        long loads = bed.Service.Cache.Loads;
        SegmentInfo target = (await bed.Writer.Manifests.ReadAsync(bed.Collection)).Manifest.Segments[0];

        // Same name, same bytes, new ETag; the manifest points at the new version.
        BlobClient blob = bed.Writer.Storage.Container.GetBlobClient(target.BlobName);
        BinaryData content = (await blob.DownloadContentAsync()).Value.Content;
        string etag = (await blob.UploadAsync(content, overwrite: true)).Value.ETag.ToString();
        await bed.Writer.Manifests.UpdateAsync(bed.Collection, m => m with
        {
            Segments = m.Segments.Select(s => s.BlobName == target.BlobName ? s with { ETag = etag } : s).ToList(),
        });
        QueryResult result = await bed.QueryAsync(query, 10);

        Assert.NotEqual(target.ETag, etag);
        Assert.Equal(loads + 1, bed.Service.Cache.Loads);
        bed.AssertMatchesBruteForce(query, result, 10);
    }

    [Fact]
    public async Task WarmUpAsync_LoadsEverySegment_FirstQueryLoadsNothingMore()
    {
        // A long interval: the eventual query must not catch up however slow the machine is.
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, maxSegmentRows: 20, query: o => o.EventualInterval = TimeSpan.FromHours(1));
        var random = new Random(524);
        await bed.SeedAsync(random, compacted: 70, loggedFrom: 70, logged: 5, metadata: Odd);

        WarmUpResult warm = await bed.Service.WarmUpAsync(bed.Collection);
        long loads = bed.Service.Cache.Loads;
        long downloaded = bed.QueryStorage.BytesDownloaded;
        QueryResult result = await bed.QueryAsync(TestData.Vector(random, Dimensions), 3, consistency: ConsistencyMode.Eventual);

        Assert.Equal(4, warm.Segments);
        Assert.Equal(75, warm.Rows);
        Assert.Equal(4, loads);
        Assert.Equal(loads, bed.Service.Cache.Loads);
        Assert.Equal(downloaded, bed.QueryStorage.BytesDownloaded);
        Assert.Equal(3, result.Hits.Count);
    }

    [Fact]
    public async Task QueryAsync_WhileAnotherWriterUpdatesTheSameIds_EveryAnswerHasEachDocumentOnce()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, maxSegmentRows: 30);
        var random = new Random(525);
        await bed.SeedAsync(random, compacted: 60, metadata: Odd);
        var writerRandom = new Random(526);
        using var done = new CancellationTokenSource();
        Task writes = Task.Run(async () =>
        {
            for (int batch = 0; batch < 15; batch++)
            {
                await bed.Writer.UpsertAsync(bed.Collection, bed.Documents(writerRandom, writerRandom.Next(50), 10, Odd));
            }

            await done.CancelAsync();
        });

        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(async () =>
        {
            var queries = new Random(530 + r);
            int answers = 0;
            while (!done.IsCancellationRequested || answers == 0)
            {
                var consistency = (ConsistencyMode)(answers % 2);
                QueryResult result = await bed.QueryAsync(TestData.Vector(queries, Dimensions), 60, consistency: consistency);
                Assert.Equal(60, result.Hits.Count);
                Assert.Equal(60, result.Hits.Select(h => h.Id).Distinct().Count());
                answers++;
            }
        }));
        await Task.WhenAll([writes, .. readers]);
    }

    [Fact]
    public async Task WarmUpAsync_UnknownCollection_ThrowsCollectionNotFound()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions);

        await Assert.ThrowsAsync<CollectionNotFoundException>(() => bed.Service.WarmUpAsync("nothere"));
    }

    private static string Odd(int i) => $$"""{"odd":{{(i % 2 == 1 ? "true" : "false")}}}""";
}
