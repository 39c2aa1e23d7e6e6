using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Vectron.Functions.Collections;
using Vectron.Functions.Http;
using Vectron.Functions.Tests.Embed;
using Vectron.Functions.Tests.Http;
using Vectron.Index.Collections;

namespace Vectron.Functions.Tests.Collections;

public sealed class CollectionFunctionsTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly Mock<IVectronCollections> collections = new(MockBehavior.Strict);
    private readonly CollectionFunctions functions;

    public CollectionFunctionsTests()
    {
        functions = new CollectionFunctions(collections.Object, FakeModel.Create().Object, NullLogger<CollectionFunctions>.Instance);
    }

    public static TheoryData<string, int, string?> ValidBodies => new()
    {
        { """{"model":"test-model"}""", FakeModel.Dimensions, FakeModel.Id },
        { """{"model":"test-model","dimensions":4,"metric":"Cosine"}""", FakeModel.Dimensions, FakeModel.Id },
        { """{"dimensions":768}""", 768, null },
        { """{"dimensions":3,"metric":"cosine"}""", 3, null },
    };

    [Theory]
    [MemberData(nameof(ValidBodies))]
    public async Task CreateAsync_ValidBody_CreatesWithSettingsAndReturns200(string json, int dimensions, string? model)
    {
        var settings = new CollectionSettings(dimensions, ModelId: model);
        collections.Setup(c => c.CreateAsync("docs", settings, It.IsAny<CancellationToken>())).ReturnsAsync(new CollectionInfo("docs", settings, Created));

        var result = await functions.CreateAsync(Json(json), "docs", CancellationToken.None);

        var response = Assert.IsType<CollectionResponse>(Assert.IsType<OkObjectResult>(result).Value);
        Assert.Equal(new CollectionResponse("docs", dimensions, "cosine", model, Created), response);
    }

    public static TheoryData<string, string, string> InvalidRequests => new()
    {
        { "a", """{"dimensions":3}""", "name" },
        { "Has-Upper", """{"dimensions":3}""", "name" },
        { "x..y", """{"dimensions":3}""", "name" },
        { "docs", """{}""", "dimensions" },
        { "docs", """{"model":"other-model"}""", "model" },
        { "docs", """{"model":"test-model","dimensions":5}""", "dimensions" },
        { "docs", """{"dimensions":3,"metric":"euclidean"}""", "metric" },
        { "docs", """{"dimensions":"three"}""", "dimensions" },
        { "docs", """{"dimension":3}""", "dimension" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task CreateAsync_InvalidRequest_Returns400NamingFieldWithoutWriting(string name, string json, string field)
    {
        var result = await functions.CreateAsync(Json(json), name, CancellationToken.None);

        EmbedFunctionsTests.AssertValidationProblem(result, field);
        collections.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task CreateAsync_EngineRejectsDimensions_Returns400()
    {
        collections.Setup(c => c.CreateAsync("docs", It.IsAny<CollectionSettings>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new VectronValidationException("dimensions", "Dimensions must be between 1 and 4096."));

        var result = await functions.CreateAsync(Json("""{"dimensions":0}"""), "docs", CancellationToken.None);

        EmbedFunctionsTests.AssertValidationProblem(result, "dimensions");
    }

    [Fact]
    public async Task CreateAsync_DifferentSettingsExist_Returns409()
    {
        collections.Setup(c => c.CreateAsync("docs", It.IsAny<CollectionSettings>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new CollectionConflictException("docs", new CollectionSettings(3), new CollectionSettings(4)));

        var result = await functions.CreateAsync(Json("""{"dimensions":4}"""), "docs", CancellationToken.None);

        Assert.Equal(409, Assert.IsType<ProblemResult>(result).StatusCode);
    }

    [Fact]
    public async Task ListAsync_Collections_ReturnsEachInOrder()
    {
        var infos = Enumerable.Range(0, 5).Select(i => new CollectionInfo($"c-{i}", new CollectionSettings(i + 1), Created.AddMinutes(i))).ToArray();
        collections.Setup(c => c.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync(infos);

        var result = await functions.ListAsync(Json("{}"), CancellationToken.None);

        var response = Assert.IsType<CollectionListResponse>(Assert.IsType<OkObjectResult>(result).Value);
        Assert.Equal(infos.Select(CollectionResponse.From), response.Collections);
    }

    [Fact]
    public async Task GetAsync_Exists_ReturnsSettingsAndStats()
    {
        var info = new CollectionInfo("docs", new CollectionSettings(4, ModelId: FakeModel.Id), Created);
        collections.Setup(c => c.GetAsync("docs", It.IsAny<CancellationToken>())).ReturnsAsync(info);
        collections.Setup(c => c.GetStatsAsync("docs", It.IsAny<CancellationToken>())).ReturnsAsync(new CollectionStats("docs", 12, 2, 1000, 24, 3));

        var result = await functions.GetAsync(Json("{}"), "docs", CancellationToken.None);

        var response = Assert.IsType<CollectionStatsResponse>(Assert.IsType<OkObjectResult>(result).Value);
        Assert.Equal(new CollectionStatsResponse("docs", 4, "cosine", FakeModel.Id, Created, 12, 2, 1024, 24), response);
    }

    [Fact]
    public async Task GetAsync_Unknown_Returns404()
    {
        collections.Setup(c => c.GetAsync("nope", It.IsAny<CancellationToken>())).ThrowsAsync(new CollectionNotFoundException("nope"));

        var result = await functions.GetAsync(Json("{}"), "nope", CancellationToken.None);

        Assert.Equal(404, Assert.IsType<ProblemResult>(result).StatusCode);
    }

    [Theory]
    [InlineData(true, 204)]
    [InlineData(false, 404)]
    public async Task DeleteAsync_ExistedOrNot_Returns204Or404(bool existed, int status)
    {
        collections.Setup(c => c.DeleteAsync("docs", It.IsAny<CancellationToken>())).ReturnsAsync(existed);

        var result = await functions.DeleteAsync(Json("{}"), "docs", CancellationToken.None);

        Assert.Equal(status, Assert.IsAssignableFrom<IStatusCodeActionResult>(result).StatusCode);
    }

    [Fact]
    public async Task EveryFunction_StorageUnavailable_Returns503WithRetryAfter()
    {
        var down = new StorageUnavailableException("down", TimeSpan.FromSeconds(3), null);
        collections.Setup(c => c.CreateAsync(It.IsAny<string>(), It.IsAny<CollectionSettings>(), It.IsAny<CancellationToken>())).ThrowsAsync(down);
        collections.Setup(c => c.ListAsync(It.IsAny<CancellationToken>())).ThrowsAsync(down);
        collections.Setup(c => c.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(down);
        collections.Setup(c => c.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(down);

        IActionResult[] results =
        [
            await functions.CreateAsync(Json("""{"dimensions":3}"""), "docs", CancellationToken.None),
            await functions.ListAsync(Json("{}"), CancellationToken.None),
            await functions.GetAsync(Json("{}"), "docs", CancellationToken.None),
            await functions.DeleteAsync(Json("{}"), "docs", CancellationToken.None),
        ];

        foreach (var result in results)
        {
            var problem = Assert.IsType<ProblemResult>(result);
            Assert.Equal(503, problem.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), problem.RetryAfter);
        }
    }

    internal static Microsoft.AspNetCore.Http.HttpRequest Json(string json) => JsonRequestTests.Request(json, "application/json");

    internal static Microsoft.AspNetCore.Http.HttpRequest Json(object body) => Json(JsonSerializer.Serialize(body));
}
