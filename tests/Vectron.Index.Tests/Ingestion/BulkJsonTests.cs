using System.Text.Json;
using Vectron.Index.Ingestion;

namespace Vectron.Index.Tests.Ingestion;

public sealed class BulkJsonTests
{
    [Theory]
    [InlineData(BulkJobState.Queued, "queued")]
    [InlineData(BulkJobState.Running, "running")]
    [InlineData(BulkJobState.Completed, "completed")]
    [InlineData(BulkJobState.CompletedWithErrors, "completed-with-errors")]
    [InlineData(BulkJobState.Failed, "failed")]
    public void Serialize_JobStatus_HasTheDocumentedShape(BulkJobState state, string expectedState)
    {
        BulkJobStatus status = Status(state, [new BulkLineError(7, "vector", "bad")]);

        using JsonDocument json = JsonDocument.Parse(JsonSerializer.Serialize(status, BulkJson.Options));
        JsonElement root = json.RootElement;

        Assert.Equal(expectedState, root.GetProperty("state").GetString());
        Assert.Equal(
            ["jobId", "collection", "state", "chunksTotal", "chunksCompleted", "chunksFailed", "documentsTotal", "documentsWritten", "badLines", "errors", "failedChunks", "createdAt", "startedAt", "finishedAt", "documentsPerSecond", "isFinished"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["line", "field", "message"], root.GetProperty("errors")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["chunk", "firstLine", "documents", "error"], root.GetProperty("failedChunks")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(state == BulkJobState.Queued || state == BulkJobState.Running, !root.GetProperty("isFinished").GetBoolean());
    }

    [Fact]
    public void Serialize_ErrorMessageWithQuotesAndMarkup_KeepsTheCharactersReadable()
    {
        const string message = "'vector' must be <an array> & \"numbers\" + é";
        BulkJobStatus status = Status(BulkJobState.CompletedWithErrors, [new BulkLineError(3, "vector", message)]);

        string json = JsonSerializer.Serialize(status, BulkJson.Options);
        using JsonDocument parsed = JsonDocument.Parse(json);

        Assert.Contains("\"message\":\"'vector' must be <an array> & \\\"numbers\\\" + é\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", json, StringComparison.Ordinal);
        Assert.Equal(message, parsed.RootElement.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    private static BulkJobStatus Status(BulkJobState state, IReadOnlyList<BulkLineError> errors) => new()
    {
        JobId = JobLayout.NewJobId(),
        Collection = "docs",
        State = state,
        ChunksTotal = 3,
        ChunksCompleted = 2,
        ChunksFailed = 1,
        DocumentsTotal = 30,
        DocumentsWritten = 19,
        BadLines = 1,
        Errors = errors,
        FailedChunks = [new BulkChunkFailure(2, 21, 10, "crash")],
        CreatedAt = DateTimeOffset.UnixEpoch,
        DocumentsPerSecond = 1.5,
    };
}
