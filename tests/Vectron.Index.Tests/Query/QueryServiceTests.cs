using System.Text.Json.Nodes;
using Vectron.Index.Collections;
using Vectron.Index.Query;
using Vectron.Index.Search.Filters;
using Vectron.Index.Tests.Storage;

namespace Vectron.Index.Tests.Query;

public sealed class QueryServiceTests
{
    private const int Dimensions = 8;

    [Fact]
    public async Task QueryAsync_SegmentsAndLogRows_EqualsBruteForce()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, maxSegmentRows: 40);
        var random = new Random(501);
        await bed.SeedAsync(random, compacted: 150, loggedFrom: 120, logged: 60);
        await bed.DeleteAsync(["d3", "d77", "d125", "d170"]);

        for (int round = 0; round < 12; round++)
        {
            float[] query = TestData.Vector(random, Dimensions);
            int k = random.Next(1, 40);

            QueryResult result = await bed.QueryAsync(query, k);

            bed.AssertMatchesBruteForce(query, result, k);
        }
    }

    [Fact]
    public async Task QueryAsync_AfterUpsertUpdateDeleteAndCompaction_ReadsOwnWrites()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, maxSegmentRows: 30);
        var random = new Random(502);
        await bed.UpsertAsync(bed.Documents(random, 0, 50));
        await bed.QueryAsync(TestData.Vector(random, Dimensions), 5);

        for (int step = 0; step < 24; step++)
        {
            string id = $"d{random.Next(70)}";
            switch (random.Next(4))
            {
                case 0:
                    await bed.DeleteAsync([id]);
                    QueryResult afterDelete = await bed.QueryAsync(TestData.Vector(random, Dimensions), 100);
                    Assert.DoesNotContain(afterDelete.Hits, h => h.Id == id);
                    break;
                case 3:
                    await bed.CompactAsync();
                    goto default;
                default:
                    DocumentUpsert written = TestData.Document(random, id, Dimensions, metadataBytes: 20);
                    await bed.UpsertAsync([written]);
                    QueryResult afterWrite = await bed.QueryAsync(written.Vector.ToArray(), 1, QueryInclude.Text);
                    Assert.Equal(id, afterWrite.Hits[0].Id);
                    Assert.Equal(written.Text, afterWrite.Hits[0].Text);
                    Assert.True(afterWrite.Freshness.CaughtUp);
                    break;
            }

            float[] probe = TestData.Vector(random, Dimensions);
            bed.AssertMatchesBruteForce(probe, await bed.QueryAsync(probe, 100), 100);
        }
    }

    [Fact]
    public async Task QueryAsync_Eventual_ServesStaleWithinIntervalThenCatchesUp()
    {
        var time = new ManualTime();
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, query: o => o.EventualInterval = TimeSpan.FromSeconds(5), queryTime: time);
        var random = new Random(503);
        await bed.UpsertAsync(bed.Documents(random, 0, 20));
        QueryResult first = await bed.QueryAsync(TestData.Vector(random, Dimensions), 100, consistency: ConsistencyMode.Eventual);
        DocumentUpsert late = TestData.Document(random, "late", Dimensions);
        await bed.UpsertAsync([late]);

        time.Advance(TimeSpan.FromSeconds(4));
        QueryResult stale = await bed.QueryAsync(late.Vector.ToArray(), 100, consistency: ConsistencyMode.Eventual);
        time.Advance(TimeSpan.FromSeconds(2));
        QueryResult fresh = await bed.QueryAsync(late.Vector.ToArray(), 100, consistency: ConsistencyMode.Eventual);

        Assert.True(first.Freshness.CaughtUp);
        Assert.Equal(20, stale.Hits.Count);
        Assert.DoesNotContain(stale.Hits, h => h.Id == "late");
        Assert.False(stale.Freshness.CaughtUp);
        Assert.Equal(first.Freshness.AsOf, stale.Freshness.AsOf);
        Assert.True(fresh.Freshness.CaughtUp);
        Assert.Equal("late", fresh.Hits[0].Id);
        Assert.True(fresh.Freshness.AsOf > stale.Freshness.AsOf);
    }

    [Fact]
    public async Task QueryAsync_StrongAfterEventual_SeesNewWritesAtOnce()
    {
        var time = new ManualTime();
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, query: o => o.EventualInterval = TimeSpan.FromHours(1), queryTime: time);
        var random = new Random(504);
        await bed.UpsertAsync(bed.Documents(random, 0, 10));
        await bed.QueryAsync(TestData.Vector(random, Dimensions), 5, consistency: ConsistencyMode.Eventual);
        DocumentUpsert late = TestData.Document(random, "late", Dimensions);
        await bed.UpsertAsync([late]);

        QueryResult strong = await bed.QueryAsync(late.Vector.ToArray(), 1);

        Assert.Equal("late", strong.Hits[0].Id);
    }

    [Fact]
    public async Task QueryAsync_StrongOnASettledViewAfterAnotherWritersUpsert_SeesTheWrite()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions);
        var random = new Random(505);
        await bed.UpsertAsync(bed.Documents(random, 0, 30));
        float[] probe = TestData.Vector(random, Dimensions);

        // The second catch-up finds nothing new, so the view is settled: the next strong query scans it while it
        // catches up, and must throw that answer away when the catch-up brings a write.
        await bed.QueryAsync(probe, 5);
        QueryResult settled = await bed.QueryAsync(probe, 5);
        QueryResult again = await bed.QueryAsync(probe, 5);
        Assert.Equal(settled.Hits.Select(h => h.Id), again.Hits.Select(h => h.Id));
        for (int round = 0; round < 5; round++)
        {
            DocumentUpsert late = TestData.Document(random, $"late{round}", Dimensions);
            await bed.UpsertAsync([late]);

            QueryResult strong = await bed.QueryAsync(late.Vector.ToArray(), 1);

            Assert.Equal(late.Id, strong.Hits[0].Id);
            Assert.True(strong.Freshness.CaughtUp);
            bed.AssertMatchesBruteForce(probe, await bed.QueryAsync(probe, 40), 40);
        }
    }

    [Fact]
    public async Task QueryAsync_Filter_ReturnsKWhenKMatchInSegmentsAndLogs()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, maxSegmentRows: 25);
        var random = new Random(505);
        await bed.SeedAsync(random, compacted: 100, loggedFrom: 100, logged: 40, metadata: Metadata);
        MetadataFilter filter = MetadataFilter.Parse("""{"n":3}""");
        int matching = bed.Expected.Values.Count(d => IsThree(d.MetadataJson!));

        for (int round = 0; round < 5; round++)
        {
            float[] query = TestData.Vector(random, Dimensions);
            int k = round == 0 ? matching : random.Next(1, matching);

            QueryResult result = await bed.QueryAsync(query, k, QueryInclude.Metadata, filter);

            bed.AssertMatchesBruteForce(query, result, k, d => IsThree(d.MetadataJson!));
            Assert.All(result.Hits, h => Assert.True(IsThree(h.Metadata!)));
        }

        static string Metadata(int i) => $$"""{"n":{{i % 7}},"even":{{(i % 2 == 0 ? "true" : "false")}}}""";
        static bool IsThree(string metadata) => JsonNode.Parse(metadata)!["n"]!.GetValue<int>() == 3;
    }

    [Fact]
    public async Task QueryAsync_Include_ReturnsStoredMetadataTextAndVector()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, maxSegmentRows: 20);
        var random = new Random(506);
        await bed.SeedAsync(random, compacted: 50, loggedFrom: 40, logged: 20);

        foreach (QueryInclude include in new[] { QueryInclude.None, QueryInclude.Metadata, QueryInclude.Text | QueryInclude.Vector, QueryInclude.Metadata | QueryInclude.Text | QueryInclude.Vector })
        {
            QueryResult result = await bed.QueryAsync(TestData.Vector(random, Dimensions), 60, include);

            Assert.Equal(60, result.Hits.Count);
            foreach (QueryHit hit in result.Hits)
            {
                DocumentUpsert written = bed.Expected[hit.Id];
                Assert.Equal(include.HasFlag(QueryInclude.Metadata), hit.Metadata is not null);
                Assert.Equal(include.HasFlag(QueryInclude.Text) ? written.Text : null, hit.Text);
                if (hit.Metadata is not null)
                {
                    Assert.True(JsonNode.DeepEquals(JsonNode.Parse(written.MetadataJson!), JsonNode.Parse(hit.Metadata)));
                }

                if (include.HasFlag(QueryInclude.Vector))
                {
                    Assert.Equal(VectorRules.Normalize(written.Vector.Span, Dimensions), hit.Vector!);
                }
                else
                {
                    Assert.Null(hit.Vector);
                }
            }
        }
    }

    [Fact]
    public async Task QueryAsync_UnknownCollection_ThrowsCollectionNotFound()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions);

        var error = await Assert.ThrowsAsync<CollectionNotFoundException>(
            () => bed.Service.QueryAsync("missing", new VectorQuery { Vector = new float[Dimensions] }));

        Assert.Equal("missing", error.Collection);
    }

    [Fact]
    public async Task QueryAsync_InvalidVectorOrTopK_ThrowsValidationNamingTheField()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions);
        float[] good = [1, 0, 0, 0, 0, 0, 0, 0];

        Assert.Equal("vector", (await Assert.ThrowsAsync<VectronValidationException>(() => bed.QueryAsync(new float[3], 1))).Field);
        Assert.Equal("vector", (await Assert.ThrowsAsync<VectronValidationException>(() => bed.QueryAsync(new float[Dimensions], 1))).Field);
        Assert.Equal("vector", (await Assert.ThrowsAsync<VectronValidationException>(() => bed.QueryAsync([float.NaN, 1, 0, 0, 0, 0, 0, 0], 1))).Field);
        Assert.Equal("topK", (await Assert.ThrowsAsync<VectronValidationException>(() => bed.QueryAsync(good, 0))).Field);
        Assert.Equal("topK", (await Assert.ThrowsAsync<VectronValidationException>(() => bed.QueryAsync(good, Vectron.Index.Search.VectorSearcher.MaxTopK + 1))).Field);
    }

    [Fact]
    public async Task QueryAsync_CollectionDeletedThenCreatedWithOtherDimensions_ThrowsNotFoundThenAnswersTheNewOne()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions);
        var random = new Random(507);
        await bed.UpsertAsync(bed.Documents(random, 0, 10));
        await bed.QueryAsync(TestData.Vector(random, Dimensions), 3);

        await bed.Writer.DeleteAsync(bed.Collection);
        await Assert.ThrowsAsync<CollectionNotFoundException>(() => bed.QueryAsync(TestData.Vector(random, Dimensions), 3));
        await bed.Writer.CreateAsync(bed.Collection, new CollectionSettings(3));
        await bed.Writer.UpsertAsync(bed.Collection, [new DocumentUpsert("new", new float[] { 0, 1, 0 })]);
        QueryResult result = await bed.Service.QueryAsync(bed.Collection, new VectorQuery { Vector = new float[] { 0, 2, 0 }, TopK = 5 });

        Assert.Equal("new", Assert.Single(result.Hits).Id);
        Assert.Equal(1f, result.Hits[0].Score, 5);
    }

    [Fact]
    public async Task QueryAsync_EmptyCollection_ReturnsNoHits()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions);

        QueryResult result = await bed.QueryAsync([1, 2, 3, 4, 5, 6, 7, 8], 10);

        Assert.Empty(result.Hits);
    }
}
