using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vectron.Functions.LocalHost;

/// <summary>
/// Runs one queue-triggered function like the Functions host's queue listener, with host.json's
/// <see cref="QueueSettings"/>: keeps up to <c>batchSize</c> messages running (fetching more once half of them are
/// done), keeps each one invisible while it runs, deletes each one that succeeded; a failed one becomes visible again after <c>visibilityTimeout</c>, and once it has been dequeued
/// <c>maxDequeueCount</c> times it is moved to <c>&lt;queue&gt;-poison</c>. An empty queue is polled with a back-off up
/// to <c>maxPollingInterval</c>.
/// </summary>
/// <remarks>
/// The queue client is made when the runner starts (<paramref name="connect"/>), after the host validated its
/// options, so a missing storage setting is reported by that validation rather than by a runner.
/// </remarks>
internal sealed partial class QueueTriggerRunner(
    Func<QueueServiceClient> connect,
    string queueName,
    QueueSettings settings,
    TriggerFunctionInvoker<QueueMessage> invoker,
    IServiceProvider services,
    ILogger logger) : BackgroundService
{
    public QueueTriggerRunner(QueueServiceClient service, string queueName, QueueSettings settings, TriggerFunctionInvoker<QueueMessage> invoker, IServiceProvider services, ILogger logger)
        : this(() => service, queueName, settings, invoker, services, logger)
    {
    }

    /// <summary>Suffix of the queue a message goes to after <c>maxDequeueCount</c> failures, as in the Functions host.</summary>
    public const string PoisonSuffix = "-poison";

    private static readonly TimeSpan FirstIdleDelay = TimeSpan.FromMilliseconds(100);
    private static readonly JsonSerializerOptions PocoOptions = new(JsonSerializerDefaults.Web);

    /// <summary>How the message reaches the trigger parameter, as the worker binds queue messages.</summary>
    public static Func<QueueMessage, object?>? BindMessage(Type type)
    {
        if (type == typeof(QueueMessage))
        {
            return message => message;
        }

        if (type == typeof(string))
        {
            return message => message.Body.ToString();
        }

        if (type == typeof(BinaryData))
        {
            return message => message.Body;
        }

        if (type == typeof(byte[]))
        {
            return message => message.Body.ToArray();
        }

        // Any other class is deserialized from the message's JSON, as the worker does.
        return type.IsClass && !type.IsAbstract ? message => JsonSerializer.Deserialize(message.Body.ToMemory().Span, type, PocoOptions) : null;
    }

    /// <summary>
    /// How long a fetched message stays invisible; renewed at half this while its function runs, as the Functions host
    /// does, so a long chunk is never delivered a second time while it still runs. From host.json's queue settings
    /// (<see cref="QueueSettings.MessageVisibility"/>); settable for tests.
    /// </summary>
    internal TimeSpan ProcessingVisibility { get; init; } = settings.MessageVisibility;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var service = connect();
        var queue = service.GetQueueClient(queueName);
        var poison = service.GetQueueClient(queueName + PoisonSuffix);
        var idle = FirstIdleDelay;

        // As the Functions host: up to batchSize messages run at once, and more are fetched as soon as no more than
        // half of them are still running (newBatchThreshold), instead of waiting for the slowest of a batch.
        var running = new List<Task>();
        int newBatchThreshold = settings.BatchSize / 2;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                running.RemoveAll(task => task.IsCompleted);
                if (running.Count > newBatchThreshold)
                {
                    await Task.WhenAny(running).WaitAsync(stoppingToken);
                    continue;
                }

                try
                {
                    await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                    QueueMessage[] messages = await queue.ReceiveMessagesAsync(settings.BatchSize - running.Count, ProcessingVisibility, stoppingToken);
                    if (messages.Length == 0)
                    {
                        // An idle poll also ends early when a running message finishes, so the next batch follows at once.
                        await Task.WhenAny(running.Append(Task.Delay(idle, stoppingToken))).Unwrap().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                        idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, settings.PollingInterval.Ticks));
                        continue;
                    }

                    idle = FirstIdleDelay;
                    running.AddRange(messages.Select(message => ProcessAsync(queue, poison, message, stoppingToken)));
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // Storage down or throttled past the client's retries (a RequestFailedException, or the SDK's
                    // AggregateException when every try failed to connect): keep polling, as the Functions host's
                    // listener does. Left to escape, it would stop the whole host.
                    LogPollFailed(logger, queueName, exception);
                    await Task.Delay(settings.PollingInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the running functions see the same token.
        }

        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ProcessAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        var receipt = new Receipt(message.PopReceipt);
        using var finished = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Task keepInvisible = KeepInvisibleAsync(queue, message.MessageId, receipt, finished.Token);
        try
        {
            try
            {
                await invoker.InvokeAsync(services, message, stoppingToken);
            }
            finally
            {
                await finished.CancelAsync();
                await keepInvisible;
            }
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, invoker.Name, message.MessageId, message.DequeueCount, exception);
            if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                await poison.SendMessageAsync(message.Body, cancellationToken: stoppingToken);
                await queue.DeleteMessageAsync(message.MessageId, receipt.PopReceipt, stoppingToken);
                LogPoisoned(logger, message.MessageId, poison.Name);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, receipt.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: stoppingToken);
            }

            return;
        }

        await queue.DeleteMessageAsync(message.MessageId, receipt.PopReceipt, stoppingToken);
    }

    /// <summary>Pushes the message's visibility out every half <see cref="ProcessingVisibility"/> until cancelled.</summary>
    private async Task KeepInvisibleAsync(QueueClient queue, string messageId, Receipt receipt, CancellationToken finished)
    {
        TimeSpan every = ProcessingVisibility / 2;
        while (await Task.Delay(every, finished).ContinueWith(static delay => !delay.IsCanceled, TaskScheduler.Default))
        {
            try
            {
                // Not cancelled by the function's end: an update that lands must also hand back its new pop receipt,
                // or the delete that follows would carry a stale one.
                UpdateReceipt updated = await queue.UpdateMessageAsync(messageId, receipt.PopReceipt, visibilityTimeout: ProcessingVisibility, cancellationToken: CancellationToken.None);
                receipt.PopReceipt = updated.PopReceipt;
            }
            catch (RequestFailedException exception)
            {
                LogRenewFailed(logger, messageId, exception);
                return;
            }
        }
    }

    /// <summary>The message's current pop receipt: every visibility update replaces it.</summary>
    private sealed class Receipt(string popReceipt)
    {
        public string PopReceipt { get; set; } = popReceipt;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the visibility of message {MessageId}; it may be delivered again")]
    private static partial void LogRenewFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling queue {Queue} failed")]
    private static partial void LogPollFailed(ILogger logger, string queue, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} failed on message {MessageId} (dequeue {DequeueCount})")]
    private static partial void LogFailed(ILogger logger, string function, string messageId, long dequeueCount, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} moved to {PoisonQueue}")]
    private static partial void LogPoisoned(ILogger logger, string messageId, string poisonQueue);
}
