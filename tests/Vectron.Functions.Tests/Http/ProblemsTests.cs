using Azure;
using Microsoft.AspNetCore.Http;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vectron.Functions.Http;
using Vectron.Index.Collections;

namespace Vectron.Functions.Tests.Http;

public sealed class ProblemsTests
{
    public static TheoryData<Exception, int> MappedErrors => new()
    {
        { new VectronValidationException("texts[3]", "bad"), StatusCodes.Status400BadRequest },
        { new CollectionNotFoundException("books"), StatusCodes.Status404NotFound },
        { new CollectionConflictException("exists with other settings", new InvalidOperationException()), StatusCodes.Status409Conflict },
        { new StorageUnavailableException("throttled", TimeSpan.FromSeconds(7), null), StatusCodes.Status503ServiceUnavailable },
        { new StorageUnavailableException("down"), StatusCodes.Status503ServiceUnavailable },
    };

    public static TheoryData<Exception, int> BodyErrors => new()
    {
        { new RequestTooLargeException(1024), StatusCodes.Status413PayloadTooLarge },
        { new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge), StatusCodes.Status413PayloadTooLarge },
        { new BadHttpRequestException("too slow", StatusCodes.Status408RequestTimeout), StatusCodes.Status408RequestTimeout },
        { new BadHttpRequestException("bad chunk"), StatusCodes.Status400BadRequest },
    };

    // Body errors (the route's limit, the server's own checks while reading) name the body, like a validation error.
    [Theory]
    [MemberData(nameof(BodyErrors))]
    public async Task HandleAsync_BodyError_NamesTheBody(Exception error, int expectedStatus)
    {
        var result = await Problems.HandleAsync(() => throw error, NullLogger.Instance);

        var details = Assert.IsType<ValidationProblemDetails>(Assert.IsType<ProblemResult>(result).Problem);
        Assert.Equal(expectedStatus, details.Status);
        Assert.Equal([JsonRequest.BodyField], details.Errors.Keys);
    }

    [Fact]
    public async Task HandleAsync_ServerErrorFromServer_IsNotMapped()
    {
        var error = new BadHttpRequestException("server side", StatusCodes.Status500InternalServerError);

        await Assert.ThrowsAsync<BadHttpRequestException>(() => Problems.HandleAsync(() => throw error, NullLogger.Instance));
    }

    [Theory]
    [MemberData(nameof(MappedErrors))]
    public async Task HandleAsync_TypedError_ReturnsProblemWithItsStatus(Exception error, int expectedStatus)
    {
        var result = await Problems.HandleAsync(() => throw error, NullLogger.Instance);

        var problem = Assert.IsType<ProblemResult>(result);
        Assert.Equal(expectedStatus, problem.StatusCode);
        Assert.Equal(expectedStatus, problem.Problem.Status);
        Assert.Equal([ProblemResult.ContentType], problem.ContentTypes);
        Assert.False(string.IsNullOrEmpty(problem.Problem.Title));
        Assert.Equal(expectedStatus == StatusCodes.Status503ServiceUnavailable, problem.RetryAfter is not null);
    }

    [Fact]
    public async Task HandleAsync_ValidationError_NamesTheField()
    {
        var result = await Problems.HandleAsync(() => throw new VectronValidationException("texts[3]", "too long"), NullLogger.Instance);

        var details = Assert.IsType<ValidationProblemDetails>(Assert.IsType<ProblemResult>(result).Problem);
        var error = Assert.Single(details.Errors);
        Assert.Equal("texts[3]", error.Key);
        Assert.Equal(["too long"], error.Value);
        Assert.Equal("too long", details.Detail);
    }

    [Fact]
    public async Task HandleAsync_StorageUnavailable_CarriesItsRetryAfter()
    {
        var result = await Problems.HandleAsync(() => throw new StorageUnavailableException("down", TimeSpan.FromSeconds(7), null), NullLogger.Instance);

        Assert.Equal(TimeSpan.FromSeconds(7), Assert.IsType<ProblemResult>(result).RetryAfter);
    }

    // The engine turns storage failures into typed errors; a raw SDK error reaching a function is a bug.
    [Theory]
    [InlineData(0)]
    [InlineData(404)]
    [InlineData(503)]
    public async Task HandleAsync_RawStorageError_IsNotMapped(int status)
    {
        var error = new RequestFailedException(status, "raw");

        var thrown = await Assert.ThrowsAsync<RequestFailedException>(() => Problems.HandleAsync(() => throw error, NullLogger.Instance));
        Assert.Same(error, thrown);
    }

    [Theory]
    [InlineData(7000, "7")]
    [InlineData(1500, "2")]
    [InlineData(10, "1")]
    public async Task ExecuteResultAsync_StorageUnavailable_WritesProblemJsonAndRetryAfterSeconds(int retryAfterMs, string header)
    {
        var result = Problems.TryMap(new StorageUnavailableException("down", TimeSpan.FromMilliseconds(retryAfterMs), null))!;
        var services = new ServiceCollection().AddLogging();
        services.AddMvcCore();
        var context = new DefaultHttpContext { RequestServices = services.BuildServiceProvider() };
        context.Response.Body = new MemoryStream();

        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal(header, context.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith(ProblemResult.ContentType, context.Response.ContentType, StringComparison.Ordinal);
        context.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal(503, body.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("Retry-After", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_StorageUnavailable_LogsTheCauseWithoutShowingIt()
    {
        var cause = new RequestFailedException(503, "account vectronprod: ServerBusy");
        var logger = new ListLogger();

        var result = await Problems.HandleAsync(() => throw new StorageUnavailableException("Blob storage is unavailable: " + cause.Message, TimeSpan.FromSeconds(3), cause), logger);

        Assert.DoesNotContain("vectronprod", Assert.IsType<ProblemResult>(result).Problem.Detail, StringComparison.Ordinal);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Same(cause, entry.Exception?.InnerException);
    }

    [Fact]
    public async Task HandleAsync_Bug_Propagates()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Problems.HandleAsync(() => throw new InvalidOperationException("bug"), NullLogger.Instance));
    }

    [Fact]
    public async Task HandleAsync_Success_ReturnsTheActionsResult()
    {
        var ok = new OkResult();

        Assert.Same(ok, await Problems.HandleAsync(() => Task.FromResult<IActionResult>(ok), NullLogger.Instance));
    }
}
