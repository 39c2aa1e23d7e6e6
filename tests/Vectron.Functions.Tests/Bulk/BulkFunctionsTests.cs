using System.Text;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Vectron.Functions.Bulk;
using Vectron.Functions.Http;
using Vectron.Index.Collections;
using Vectron.Index.Ingestion;

namespace Vectron.Functions.Tests.Bulk;

public sealed class BulkFunctionsTests
{
    private const string JobId = "0193a5c2e4d07c3b9f1e2a4b5c6d7e8f";
    private readonly Mock<IBulkIngestion> ingestion = new(MockBehavior.Strict);
    private readonly Mock<IBulkQueue> queue = new(MockBehavior.Strict);
    private readonly BulkFunctions functions;
    private readonly BulkQueueFunctions queueFunctions;

    public BulkFunctionsTests()
    {
        functions = new BulkFunctions(ingestion.Object, queue.Object, NullLogger<BulkFunctions>.Instance);
        queueFunctions = new BulkQueueFunctions(ingestion.Object, NullLogger<BulkQueueFunctions>.Instance);
    }

    [Theory]
    [InlineData(null, BulkCompression.Auto)]
    [InlineData("gzip", BulkCompression.Gzip)]
    [InlineData("GZIP", BulkCompression.Gzip)]
    [InlineData("identity", BulkCompression.Auto)]
    public async Task StartAsync_Body_StagesEnqueuesAndAnswers202WithLocation(string? encoding, BulkCompression expected)
    {
        var random = new Random(7);
        var chunks = Enumerable.Range(0, random.Next(1, 20)).Select(i => Message(i)).ToArray();
        var request = Request("{\"id\":\"a\",\"vector\":[1]}\n", encoding);
        ingestion.Setup(i => i.StartJobAsync("docs", request.Body, new BulkJobOptions(expected), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BulkJobStarted(JobId, "docs", 1234, chunks));
        queue.Setup(q => q.EnqueueAsync(chunks, It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var result = Assert.IsType<AcceptedResult>(await functions.StartAsync(request, "docs", CancellationToken.None));

        Assert.Equal($"/api/jobs/{JobId}", result.Location);
        Assert.Equal(new BulkJobAccepted(JobId, $"/api/jobs/{JobId}", 1234, chunks.Length), result.Value);
        queue.Verify(q => q.EnqueueAsync(chunks, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task StartAsync_MissingCollection_404AndNothingEnqueued()
    {
        var request = Request("{}\n");
        ingestion.Setup(i => i.StartJobAsync("gone", It.IsAny<Stream>(), It.IsAny<BulkJobOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new CollectionNotFoundException("gone"));

        var result = Assert.IsType<ProblemResult>(await functions.StartAsync(request, "gone", CancellationToken.None));

        Assert.Equal(404, result.Problem.Status);
        queue.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task StartAsync_InvalidName_400WithoutCallingTheEngine()
    {
        var result = Assert.IsType<ProblemResult>(await functions.StartAsync(Request("{}\n"), "Bad_Name", CancellationToken.None));

        Assert.Equal(400, result.Problem.Status);
        ingestion.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task GetJobAsync_KnownJob_200WithTheJobJson()
    {
        var status = Status(BulkJobState.Running);
        ingestion.Setup(i => i.GetJobAsync(JobId, It.IsAny<CancellationToken>())).ReturnsAsync(status);

        var result = Assert.IsType<ContentResult>(await functions.GetJobAsync(new DefaultHttpContext().Request, JobId, CancellationToken.None));

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(JsonSerializer.Serialize(status, BulkJson.Options), result.Content);
        Assert.Equal(JobId, JsonDocument.Parse(result.Content!).RootElement.GetProperty("jobId").GetString());
    }

    [Fact]
    public async Task GetJobAsync_UnknownJob_404()
    {
        ingestion.Setup(i => i.GetJobAsync(JobId, It.IsAny<CancellationToken>())).ThrowsAsync(new BulkJobNotFoundException(JobId));

        var result = Assert.IsType<ProblemResult>(await functions.GetJobAsync(new DefaultHttpContext().Request, JobId, CancellationToken.None));

        Assert.Equal(404, result.Problem.Status);
        Assert.Contains(JobId, result.Problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("0193A5C2E4D07C3B9F1E2A4B5C6D7E8F")]
    [InlineData("0193a5c2e4d07c3b9f1e2a4b5c6d7e8")]
    public async Task GetJobAsync_MalformedId_400NamingJobId(string id)
    {
        var result = Assert.IsType<ProblemResult>(await functions.GetJobAsync(new DefaultHttpContext().Request, id, CancellationToken.None));

        Assert.Equal(400, result.Problem.Status);
        Assert.Contains("jobId", Assert.IsType<ValidationProblemDetails>(result.Problem).Errors.Keys);
        ingestion.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ProcessChunkAsync_Message_ProcessesTheChunkItCarries()
    {
        var message = Message(3);
        ingestion.Setup(i => i.ProcessChunkAsync(message, It.IsAny<CancellationToken>())).ReturnsAsync(new BulkChunkResult(10, 2, false));

        await queueFunctions.ProcessChunkAsync(QueueMessageOf(message.ToJson()), CancellationToken.None);

        ingestion.Verify(i => i.ProcessChunkAsync(message, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task ProcessChunkAsync_EngineFails_ThrowsSoTheHostRetries()
    {
        var message = Message(0);
        ingestion.Setup(i => i.ProcessChunkAsync(message, It.IsAny<CancellationToken>())).ThrowsAsync(new StorageUnavailableException("down", TimeSpan.FromSeconds(1), null));

        await Assert.ThrowsAsync<StorageUnavailableException>(() => queueFunctions.ProcessChunkAsync(QueueMessageOf(message.ToJson()), CancellationToken.None));
    }

    [Fact]
    public async Task ProcessChunkAsync_NotAChunkMessage_ThrowsForThePoisonQueue()
    {
        await Assert.ThrowsAnyAsync<JsonException>(() => queueFunctions.ProcessChunkAsync(QueueMessageOf("not json"), CancellationToken.None));

        ingestion.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task RecordPoisonedChunkAsync_Message_RecordsTheChunkAsFailed()
    {
        var message = Message(5);
        ingestion.Setup(i => i.RecordChunkFailureAsync(message, BulkQueueFunctions.PoisonReason, It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        await queueFunctions.RecordPoisonedChunkAsync(message.ToJson(), CancellationToken.None);

        ingestion.Verify(i => i.RecordChunkFailureAsync(message, BulkQueueFunctions.PoisonReason, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task RecordPoisonedChunkAsync_NotAChunkMessage_DroppedWithoutThrowing()
    {
        await queueFunctions.RecordPoisonedChunkAsync("{\"something\":", CancellationToken.None);

        ingestion.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task CleanupAsync_Timer_CleansUpExpiredJobs()
    {
        ingestion.Setup(i => i.CleanupExpiredJobsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(3);

        await queueFunctions.CleanupAsync(new TimerInfo(), CancellationToken.None);

        ingestion.Verify(i => i.CleanupExpiredJobsAsync(It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public void CleanupSchedule_IsAValidSixFieldCron()
    {
        var schedule = NCrontab.CrontabSchedule.Parse(BulkQueueFunctions.CleanupSchedule, new NCrontab.CrontabSchedule.ParseOptions { IncludingSeconds = true });

        var next = schedule.GetNextOccurrence(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(TimeSpan.FromDays(1), schedule.GetNextOccurrence(next) - next);
    }

    private static BulkChunkMessage Message(int chunk) => new(JobId, "docs", chunk, chunk * 1000L, 1000, (chunk * 10) + 1, 10);

    private static QueueMessage QueueMessageOf(string body) =>
        QueuesModelFactory.QueueMessage("m1", "pop", BinaryData.FromString(body), 1, insertedOn: DateTimeOffset.UtcNow.AddSeconds(-2));

    private static HttpRequest Request(string body, string? contentEncoding = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/x-ndjson";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        if (contentEncoding is not null)
        {
            context.Request.Headers.ContentEncoding = contentEncoding;
        }

        return context.Request;
    }

    private static BulkJobStatus Status(BulkJobState state) => new()
    {
        JobId = JobId,
        Collection = "docs",
        State = state,
        ChunksTotal = 4,
        ChunksCompleted = 1,
        ChunksFailed = 0,
        DocumentsTotal = 40,
        DocumentsWritten = 10,
        BadLines = 0,
        Errors = [],
        FailedChunks = [],
        CreatedAt = DateTimeOffset.UnixEpoch,
        StartedAt = DateTimeOffset.UnixEpoch,
        DocumentsPerSecond = 1,
    };
}
