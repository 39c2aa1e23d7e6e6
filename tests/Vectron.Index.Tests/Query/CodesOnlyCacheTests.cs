using Vectron.Index.Collections;
using Vectron.Index.Query;
using Vectron.Index.Search;
using Vectron.Index.Search.Filters;
using Vectron.Index.Storage;
using Vectron.Index.Tests.Storage;

namespace Vectron.Index.Tests.Query;

/// <summary>A collection whose vector blocks do not fit the cache: the cache holds codes only, fast queries read the
/// rows they rescore by range reads, exact queries stream the vector blocks; on Azurite.</summary>
public sealed class CodesOnlyCacheTests
{
    private const int Dimensions = 48;
    private const int Rows = 1000;
    private const int SegmentRows = 200;

    // Codes of every segment fit (about 17 KB each); their vector blocks (about 55 KB each) do not.
    private const long Budget = 120_000;

    [Fact]
    public async Task QueryAsync_CollectionLargerThanCache_FastWithFullOversampleEqualsExactWithinBudget()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, SegmentRows, o => o.CacheBytes = Budget);
        var random = new Random(801);
        await bed.SeedAsync(random, compacted: Rows, loggedFrom: Rows - 20, logged: 40);
        await bed.DeleteAsync(["d3", "d250", "d999"]);

        for (int round = 0; round < 6; round++)
        {
            float[] query = TestData.Vector(random, Dimensions);
            int k = random.Next(1, 11);

            // k × 100 candidates rescored of at most 1,040 live rows; with k = 10 every row is fetched and rescored.
            QueryResult result = await Query(bed, query, k, QueryMode.Fast, oversample: SearchOptions.MaxOversample, include: QueryInclude.Vector);

            Assert.Equal(QueryMode.Fast, result.Mode);
            if (k == 10)
            {
                bed.AssertMatchesBruteForce(query, result, k);
            }

            AssertExactScoresAndVectors(bed, query, result);
            Assert.InRange(bed.Service.Cache.BytesHeld, 1, Budget);
        }
    }

    [Fact]
    public async Task QueryAsync_CollectionLargerThanCache_ExactStreamsSegmentsAndMatchesBruteForce()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, SegmentRows, o => o.CacheBytes = Budget);
        var random = new Random(802);
        await bed.SeedAsync(random, compacted: Rows, loggedFrom: 500, logged: 30, metadata: i => $$"""{"group":{{i % 3}}}""");
        MetadataFilter filter = MetadataFilter.Parse("""{"group":1}""");

        for (int round = 0; round < 4; round++)
        {
            float[] query = TestData.Vector(random, Dimensions);

            QueryResult all = await Query(bed, query, 15, QueryMode.Exact, oversample: null);
            QueryResult filtered = await Query(bed, query, 15, QueryMode.Exact, oversample: null, filter: filter);

            Assert.Equal(QueryMode.Exact, all.Mode);
            bed.AssertMatchesBruteForce(query, all, 15);
            bed.AssertMatchesBruteForce(query, filtered, 15, d => d.MetadataJson == """{"group":1}""");
            Assert.InRange(bed.Service.Cache.BytesHeld, 1, Budget);
        }
    }

    [Fact]
    public async Task QueryAsync_CodesOnlyFilteredFast_ReturnsOnlyMatchingRowsWithExactScores()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, SegmentRows, o => o.CacheVectors = CacheVectors.Never);
        var random = new Random(803);
        await bed.SeedAsync(random, compacted: 600, metadata: i => $$"""{"group":{{i % 4}}}""");
        MetadataFilter filter = MetadataFilter.Parse("""{"group":2}""");

        for (int round = 0; round < 4; round++)
        {
            float[] query = TestData.Vector(random, Dimensions);

            QueryResult result = await Query(bed, query, 10, QueryMode.Fast, oversample: null, filter: filter);

            Assert.Equal(10, result.Hits.Count);
            Assert.All(result.Hits, hit => Assert.Equal(2, int.Parse(hit.Id[1..], System.Globalization.CultureInfo.InvariantCulture) % 4));
            AssertExactScoresAndVectors(bed, query, result);
        }
    }

    [Fact]
    public async Task QueryAsync_CollectionSlightlyLargerThanCache_KeepsTheVectorsThatFitAndReadsBackOnlyTheOverflow()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, SegmentRows);
        var random = new Random(804);
        await bed.SeedAsync(random, compacted: Rows);
        IReadOnlyList<SegmentInfo> segments = (await new ManifestStore(bed.QueryStorage).ReadAsync(bed.Collection)).Manifest.Segments;
        long vectorsOfOne = SegmentBytes.VectorBlock(segments[0]) - SegmentBytes.CodeBlock(segments[0]);

        // Every segment's codes and the vectors of two of the five segments fit.
        long budget = segments.Sum(SegmentBytes.CodeBlock) + (2 * vectorsOfOne) + 1;
        (VectronQueryService hybrid, VectronStorage hybridStorage) = Service(bed, o => o.CacheBytes = budget);
        (VectronQueryService codesOnly, VectronStorage codesOnlyStorage) = Service(bed, o => o.CacheVectors = CacheVectors.Never);
        using (hybrid)
        using (codesOnly)
        {
            float[][] queries = [.. Enumerable.Range(0, 8).Select(_ => TestData.Vector(random, Dimensions))];
            await Query(hybrid, bed.Collection, queries[0]);
            await Query(codesOnly, bed.Collection, queries[0]);
            long hybridBefore = hybridStorage.GetRequests, codesOnlyBefore = codesOnlyStorage.GetRequests;

            foreach (float[] query in queries)
            {
                QueryResult fromHybrid = await Query(hybrid, bed.Collection, query);
                QueryResult fromCodesOnly = await Query(codesOnly, bed.Collection, query);

                // Same codes, same candidates, exact rescoring: the same answer whichever way the rows were held.
                Assert.Equal(fromCodesOnly.Hits.Select(h => (h.Id, h.Score)), fromHybrid.Hits.Select(h => (h.Id, h.Score)));
                AssertExactScoresAndVectors(bed, query, fromHybrid);
                Assert.InRange(hybrid.Cache.BytesHeld, 1, budget);
            }

            long hybridReads = hybridStorage.GetRequests - hybridBefore;
            long codesOnlyReads = codesOnlyStorage.GetRequests - codesOnlyBefore;
            Assert.InRange(hybridReads, queries.Length + 1, codesOnlyReads - 1);
        }

        static async Task<QueryResult> Query(VectronQueryService service, string collection, float[] vector) =>
            await service.QueryAsync(collection, new VectorQuery { Vector = vector, TopK = 10, Mode = QueryMode.Fast, Consistency = ConsistencyMode.Eventual });
    }

    private static (VectronQueryService Service, VectronStorage Storage) Service(QueryBed bed, Action<QueryOptions> configure)
    {
        var storage = new VectronStorage(TestData.Options(bed.QueryStorage.Options.ContainerName));
        var options = new QueryOptions();
        configure(options);
        return (new VectronQueryService(storage, options), storage);
    }

    private static void AssertExactScoresAndVectors(QueryBed bed, float[] query, QueryResult result)
    {
        Dictionary<string, float> exact = bed.BruteForce(query, int.MaxValue).ToDictionary(hit => hit.Id, hit => hit.Score);
        foreach (QueryHit hit in result.Hits)
        {
            Assert.True(Math.Abs(exact[hit.Id] - hit.Score) < 1e-5f, $"{hit.Id}: {hit.Score} vs {exact[hit.Id]}");
            if (hit.Vector is not null)
            {
                Assert.Equal(VectorRules.Normalize(bed.Expected[hit.Id].Vector.Span, Dimensions), hit.Vector);
            }
        }
    }

    private static Task<QueryResult> Query(
        QueryBed bed, float[] vector, int k, QueryMode mode, int? oversample, QueryInclude include = QueryInclude.None, MetadataFilter? filter = null) =>
        bed.Service.QueryAsync(bed.Collection, new VectorQuery { Vector = vector, TopK = k, Mode = mode, Oversample = oversample, Include = include, Filter = filter });
}
