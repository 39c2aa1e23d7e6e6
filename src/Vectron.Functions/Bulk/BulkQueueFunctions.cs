using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Vectron.Functions.Hosting;
using Vectron.Index.Ingestion;
using Vectron.Index.Telemetry;

namespace Vectron.Functions.Bulk;

/// <summary>
/// The background half of bulk ingestion: one chunk per queue message, the poison path, and the clean-up timer.
/// The queue names are the engine's defaults, which infra/ gives <c>Vectron__BulkQueueName</c>; the Functions host
/// moves a message to <c>&lt;queue&gt;-poison</c> after host.json's <c>maxDequeueCount</c>.
/// </summary>
public sealed partial class BulkQueueFunctions(IBulkIngestion ingestion, ILogger<BulkQueueFunctions> logger)
{
    /// <summary>The one home of the clean-up schedule (NCRONTAB with seconds): daily at 03:30 UTC; retention is days.</summary>
    public const string CleanupSchedule = "0 30 3 * * *";

    /// <summary>What a chunk that ended in the poison queue is reported with; the cause of each attempt is in the logs.</summary>
    public const string PoisonReason = "The chunk failed on every delivery and was moved to the poison queue; the logs hold each attempt's error.";

    [Function("ProcessBulkChunk")]
    public async Task ProcessChunkAsync(
        [QueueTrigger(BulkIngestionOptions.DefaultQueueName, Connection = StorageSettings.ConnectionName)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.InsertedOn is { } inserted)
        {
            VectronTelemetry.QueueLag.Record(Math.Max(0, (DateTimeOffset.UtcNow - inserted).TotalSeconds));
        }

        // A message that is not a chunk throws here and ends in the poison queue, where it is logged and dropped.
        var chunk = BulkChunkMessage.FromJson(message.Body.ToString());
        using var scope = logger.BeginCollectionScope(chunk.Collection, message.MessageId);
        var result = await ingestion.ProcessChunkAsync(chunk, cancellationToken);
        if (!result.AlreadyRecorded)
        {
            VectronTelemetry.DocumentsIngested.Add(result.Written, new KeyValuePair<string, object?>(TelemetryTags.Collection, chunk.Collection));
        }

        LogChunk(logger, chunk.JobId, chunk.Chunk, result.Written, result.BadLines, result.AlreadyRecorded);
    }

    [Function("RecordPoisonedBulkChunk")]
    public async Task RecordPoisonedChunkAsync(
        [QueueTrigger(BulkIngestionOptions.DefaultPoisonQueueName, Connection = StorageSettings.ConnectionName)] string message,
        CancellationToken cancellationToken)
    {
        BulkChunkMessage chunk;
        try
        {
            chunk = BulkChunkMessage.FromJson(message);
        }
        catch (JsonException exception)
        {
            // Nothing can be recorded for a message that names no job; throwing would only poison it again.
            LogUnreadable(logger, exception);
            return;
        }

        using var scope = logger.BeginCollectionScope(chunk.Collection, chunk.JobId);
        await ingestion.RecordChunkFailureAsync(chunk, PoisonReason, cancellationToken);
        LogPoisoned(logger, chunk.JobId, chunk.Chunk);
    }

    [Function("BulkJobCleanup")]
    public async Task CleanupAsync([TimerTrigger(CleanupSchedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var deleted = await ingestion.CleanupExpiredJobsAsync(cancellationToken);
        LogCleanedUp(logger, deleted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bulk job {JobId} chunk {Chunk}: {Written} written, {BadLines} bad line(s) (redelivery: {AlreadyRecorded})")]
    private static partial void LogChunk(ILogger logger, string jobId, int chunk, int written, int badLines, bool alreadyRecorded);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bulk job {JobId} chunk {Chunk} recorded as failed after reaching the poison queue")]
    private static partial void LogPoisoned(ILogger logger, string jobId, int chunk);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dropped a poison-queue message that is not a bulk chunk message")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bulk clean-up timer: {Count} expired job(s) deleted")]
    private static partial void LogCleanedUp(ILogger logger, int count);
}
