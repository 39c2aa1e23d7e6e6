using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Vectron.Functions.Http;
using Vectron.Functions.Query;
using Vectron.Functions.Tests.Embed;
using Vectron.Index.Collections;
using Vectron.Index.Query;
using Vectron.Index.Search;
using static Vectron.Functions.Tests.Collections.CollectionFunctionsTests;

namespace Vectron.Functions.Tests.Query;

public sealed class QueryFunctionsTests
{
    private static readonly QueryTimings Timings = new(
        TimeSpan.FromMilliseconds(1.5), TimeSpan.Zero, TimeSpan.FromMilliseconds(0.25), TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(4.75));
    private readonly Mock<IVectronQueryService> queries = new(MockBehavior.Strict);
    private readonly QueryFunctions functions;
    private VectorQuery? asked;

    public QueryFunctionsTests()
    {
        var hits = new QueryHit[]
        {
            new("b", 0.9f, """{"topic":"pets"}""", "text b", [1f, 0, 0, 0]),
            new("a", 0.5f, null, null, null),
        };
        queries.Setup(q => q.QueryAsync(It.IsAny<string>(), It.IsAny<VectorQuery>(), It.IsAny<CancellationToken>()))
            .Callback((string _, VectorQuery query, CancellationToken _) => asked = query)
            .ReturnsAsync(new QueryResult(hits, Timings, new QueryFreshness(DateTimeOffset.UnixEpoch, true)));
        functions = new QueryFunctions(queries.Object, NullLogger<QueryFunctions>.Instance);
    }

    [Fact]
    public async Task QueryAsync_Text_PassesTextAndEveryOptionToTheService()
    {
        var request = Json("""{"text":"cats","topK":3,"filter":{"topic":"pets"},"include":["metadata","Text"],"consistency":"eventual","mode":"fast","oversample":8}""");

        var result = await functions.QueryAsync(request, "docs", CancellationToken.None);

        var response = Assert.IsType<QueryResponse>(Assert.IsType<OkObjectResult>(result).Value);
        Assert.Equal(["b", "a"], response.Hits.Select(h => h.Id));
        Assert.Equal("pets", response.Hits[0].Metadata!.Value.GetProperty("topic").GetString());
        Assert.Null(response.Hits[1].Metadata);
        Assert.NotNull(asked);
        Assert.Equal("cats", asked.Text);
        Assert.True(asked.Vector.IsEmpty);
        Assert.Equal(3, asked.TopK);
        Assert.NotNull(asked.Filter);
        Assert.Equal(QueryInclude.Metadata | QueryInclude.Text, asked.Include);
        Assert.Equal(ConsistencyMode.Eventual, asked.Consistency);
        Assert.Equal(QueryMode.Fast, asked.Mode);
        Assert.Equal(8, asked.Oversample);
        var timing = request.HttpContext.Response.Headers[ServerTiming.HeaderName].ToString();
        Assert.Equal("embed;dur=4.75, catchup;dur=1.5, load;dur=0, scan;dur=0.25, fetch;dur=2", timing);
    }

    [Fact]
    public async Task QueryAsync_Vector_PassesVectorWithDefaults()
    {
        var result = await functions.QueryAsync(Json("""{"vector":[1,2,3,4]}"""), "vecs", CancellationToken.None);

        Assert.IsType<OkObjectResult>(result);
        Assert.Equal([1f, 2, 3, 4], asked!.Vector.ToArray());
        Assert.Null(asked.Text);
        Assert.Equal(QueryRequest.DefaultTopK, asked.TopK);
        Assert.Equal(QueryInclude.None, asked.Include);
        Assert.Equal(ConsistencyMode.Strong, asked.Consistency);
        Assert.Null(asked.Mode);
        Assert.Null(asked.Oversample);
    }

    public static TheoryData<string, string, string> InvalidRequests => new()
    {
        { "docs", """{}""", "text" },
        { "docs", """{"text":"a","vector":[1,2,3,4]}""", "vector" },
        { "docs", """{"text":" "}""", "text" },
        { "docs", """{"text":"a","include":["metadata","score"]}""", "include[1]" },
        { "docs", """{"text":"a","consistency":"linearizable"}""", "consistency" },
        { "docs", """{"text":"a","filter":{"year":{"$near":3}}}""", "filter.year.$near" },
        { "docs", """{"text":"a","top_k":3}""", "top_k" },
        { "docs", """{"text":"a","topK":"3"}""", "topK" },
        { "docs", """{"text":"a","exact":false}""", "exact" },
        { "docs", """{"text":"a","mode":"approximate"}""", "mode" },
        { "docs", """{"text":"a","mode":1}""", "mode" },
        { "Bad", """{"text":"a"}""", "name" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task QueryAsync_InvalidRequest_Returns400NamingFieldWithoutQuerying(string name, string json, string field)
    {
        var result = await functions.QueryAsync(Json(json), name, CancellationToken.None);

        EmbedFunctionsTests.AssertValidationProblem(result, field);
        queries.Verify(q => q.QueryAsync(It.IsAny<string>(), It.IsAny<VectorQuery>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task QueryAsync_ServiceRejectsTopK_Returns400()
    {
        queries.Setup(q => q.QueryAsync("vecs", It.IsAny<VectorQuery>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new VectronValidationException("topK", "topK must be between 1 and 1000."));

        var result = await functions.QueryAsync(Json("""{"vector":[1,2,3,4],"topK":0}"""), "vecs", CancellationToken.None);

        EmbedFunctionsTests.AssertValidationProblem(result, "topK");
    }

    [Fact]
    public async Task QueryAsync_UnknownCollection_Returns404()
    {
        queries.Setup(q => q.QueryAsync("gone", It.IsAny<VectorQuery>(), It.IsAny<CancellationToken>())).ThrowsAsync(new CollectionNotFoundException("gone"));

        var byVector = await functions.QueryAsync(Json("""{"vector":[1,2,3,4]}"""), "gone", CancellationToken.None);
        var byText = await functions.QueryAsync(Json("""{"text":"a"}"""), "gone", CancellationToken.None);

        Assert.Equal(404, Assert.IsType<ProblemResult>(byVector).StatusCode);
        Assert.Equal(404, Assert.IsType<ProblemResult>(byText).StatusCode);
    }

    [Fact]
    public async Task QueryAsync_StorageUnavailable_Returns503WithRetryAfter()
    {
        queries.Setup(q => q.QueryAsync("vecs", It.IsAny<VectorQuery>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new StorageUnavailableException("down", TimeSpan.FromSeconds(4), null));

        var result = await functions.QueryAsync(Json("""{"vector":[1,2,3,4]}"""), "vecs", CancellationToken.None);

        var problem = Assert.IsType<ProblemResult>(result);
        Assert.Equal(503, problem.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(4), problem.RetryAfter);
    }
}
