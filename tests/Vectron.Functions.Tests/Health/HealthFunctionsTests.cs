using Azure;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Vectron.Functions.Health;

namespace Vectron.Functions.Tests.Health;

public sealed class HealthFunctionsTests
{
    private readonly Mock<IEmbeddingGenerator<string, Embedding<float>>> generator = new();
    private readonly Mock<BlobContainerClient> container = new();
    private readonly HealthOptions options = new() { ProbeTimeout = TimeSpan.FromMilliseconds(200) };

    public HealthFunctionsTests()
    {
        generator.Setup(g => g.GetService(typeof(EmbeddingGeneratorMetadata), null))
            .Returns(new EmbeddingGeneratorMetadata("test", defaultModelId: "all-MiniLM-L6-v2", defaultModelDimensions: 384));
    }

    [Fact]
    public async Task GetAsync_StorageAnswers_ReportsOkWithModel()
    {
        container.Setup(c => c.ExistsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Response.FromValue(false, Mock.Of<Response>()));

        var report = await GetReportAsync();

        Assert.Equal(new HealthReport("ok", new ModelReport("all-MiniLM-L6-v2", 384), "reachable"), report);
    }

    [Fact]
    public async Task GetAsync_StorageFails_ReportsDegradedWith200()
    {
        container.Setup(c => c.ExistsAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new RequestFailedException("Connection refused"));

        var report = await GetReportAsync();

        Assert.Equal("degraded", report.Status);
        Assert.Equal("unreachable", report.Storage);
    }

    [Fact]
    public async Task GetAsync_StorageHangs_ReportsUnreachableAfterProbeTimeout()
    {
        container.Setup(c => c.ExistsAsync(It.IsAny<CancellationToken>()))
            .Returns<CancellationToken>(AnswerNeverAsync);

        var report = await GetReportAsync();

        Assert.Equal("unreachable", report.Storage);
    }

    [Fact]
    public async Task GetAsync_CallerCancels_Propagates()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        container.Setup(c => c.ExistsAsync(It.IsAny<CancellationToken>()))
            .Returns<CancellationToken>(AnswerNeverAsync);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateFunctions().GetAsync(new DefaultHttpContext().Request, cancellation.Token));
    }

    private static async Task<Response<bool>> AnswerNeverAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return Response.FromValue(true, Mock.Of<Response>());
    }

    private async Task<HealthReport> GetReportAsync()
    {
        var result = await CreateFunctions().GetAsync(new DefaultHttpContext().Request, CancellationToken.None);
        var ok = Assert.IsType<OkObjectResult>(result);
        Assert.Equal(200, ok.StatusCode ?? 200);
        return Assert.IsType<HealthReport>(ok.Value);
    }

    private HealthFunctions CreateFunctions()
        => new(generator.Object, new StorageProbe(container.Object, Options.Create(options), NullLogger<StorageProbe>.Instance));
}
