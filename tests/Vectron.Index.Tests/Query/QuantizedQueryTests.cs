using Vectron.Index.Collections;
using Vectron.Index.Query;
using Vectron.Index.Search;
using Vectron.Index.Tests.Storage;

namespace Vectron.Index.Tests.Query;

/// <summary>Queries with <see cref="VectorQuery.Mode"/> = fast, over segments and log rows on Azurite.</summary>
public sealed class QuantizedQueryTests
{
    private const int Dimensions = 24;

    [Fact]
    public async Task QueryAsync_OversampleCoversEveryRow_EqualsBruteForce()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, maxSegmentRows: 40);
        var random = new Random(701);
        await bed.SeedAsync(random, compacted: 150, loggedFrom: 120, logged: 60);
        await bed.DeleteAsync(["d4", "d78", "d126", "d171"]);

        for (int round = 0; round < 8; round++)
        {
            float[] query = TestData.Vector(random, Dimensions);
            int k = random.Next(3, 40);

            // k × MaxOversample >= 300 rows: every live row is rescored, so the result is the exact one.
            QueryResult result = await Query(bed, query, k, SearchOptions.MaxOversample);

            bed.AssertMatchesBruteForce(query, result, k);
        }
    }

    [Fact]
    public async Task QueryAsync_DefaultOversample_ScoresAreExact()
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, maxSegmentRows: 100);
        var random = new Random(702);
        await bed.SeedAsync(random, compacted: 300, loggedFrom: 300, logged: 50);

        for (int round = 0; round < 5; round++)
        {
            float[] query = TestData.Vector(random, Dimensions);

            QueryResult result = await Query(bed, query, 5, oversample: null);

            Dictionary<string, float> exact = bed.BruteForce(query, int.MaxValue).ToDictionary(hit => hit.Id, hit => hit.Score);
            Assert.Equal(5, result.Hits.Count);
            Assert.All(result.Hits, hit => Assert.True(Math.Abs(exact[hit.Id] - hit.Score) < 1e-5f, $"{hit.Id}: {hit.Score} vs {exact[hit.Id]}"));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(SearchOptions.MaxOversample + 1)]
    public async Task QueryAsync_OversampleOutOfRange_ThrowsValidationNamingIt(int oversample)
    {
        using QueryBed bed = await QueryBed.CreateAsync(Dimensions, maxSegmentRows: 40);

        var exception = await Assert.ThrowsAsync<VectronValidationException>(() => Query(bed, new float[Dimensions], 1, oversample));

        Assert.Equal("oversample", exception.Field);
    }

    private static Task<QueryResult> Query(QueryBed bed, float[] vector, int k, int? oversample) =>
        bed.Service.QueryAsync(bed.Collection, new VectorQuery { Vector = vector, TopK = k, Mode = QueryMode.Fast, Oversample = oversample });
}
