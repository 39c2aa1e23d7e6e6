using Azure.Storage.Queues;
using Vectron.Index.Collections;
using Vectron.Index.Storage;

namespace Vectron.Index.Ingestion;

/// <summary>
/// <see cref="IBulkQueue"/> on Azure Storage queues (<see cref="BulkIngestionOptions.QueueName"/>), messages base64
/// encoded like the Functions queue extension expects by default. Creates both queues on first use (infra/ creates
/// them in Azure; Azurite starts empty).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It is a queue.")]
public sealed class AzureBulkQueue : IBulkQueue
{
    private const int SendConcurrency = 16;

    private volatile bool _queuesReady;

    public AzureBulkQueue(QueueServiceClient service, BulkIngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Queue = service.GetQueueClient(options.QueueName);
        PoisonQueue = service.GetQueueClient(options.PoisonQueueName);
    }

    public QueueClient Queue { get; }

    public QueueClient PoisonQueue { get; }

    /// <summary>A queue service on the same account and credential as the blob storage, with the same retry policy.</summary>
    public static AzureBulkQueue Create(VectronStorageOptions storage, BulkIngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        storage.ApplyRetryPolicy(clientOptions);
        QueueServiceClient service = storage.ConnectionString is { Length: > 0 } connectionString
            ? new QueueServiceClient(connectionString, clientOptions)
            : new QueueServiceClient(options.QueueServiceUri ?? QueueUriOf(storage.ServiceUri!), storage.Credential, clientOptions);
        return new AzureBulkQueue(service, options);
    }

    public async Task EnsureQueuesAsync(CancellationToken cancellationToken = default)
    {
        if (!_queuesReady)
        {
            await StorageFailures.GuardAsync(() => Queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken), cancellationToken);
            await StorageFailures.GuardAsync(() => PoisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken), cancellationToken);
            _queuesReady = true;
        }
    }

    public async Task EnqueueAsync(IReadOnlyList<BulkChunkMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        await EnsureQueuesAsync(cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = SendConcurrency, CancellationToken = cancellationToken };
        await StorageFailures.GuardAsync(
            () => Parallel.ForEachAsync(messages, parallel, async (message, token) => await Queue.SendMessageAsync(message.ToJson(), token)),
            cancellationToken);
    }

    private static Uri QueueUriOf(Uri blobServiceUri) =>
        new(blobServiceUri.AbsoluteUri.Replace(".blob.", ".queue.", StringComparison.OrdinalIgnoreCase));
}
