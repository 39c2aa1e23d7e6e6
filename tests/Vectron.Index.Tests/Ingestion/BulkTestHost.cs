using System.Globalization;
using System.Text;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.AI;
using Vectron.Index.Collections;
using Vectron.Index.Ingestion;
using Vectron.Index.Storage;
using Vectron.Index.Tests.Storage;
using Vectron.Testing;

namespace Vectron.Index.Tests.Ingestion;

/// <summary>
/// A bulk engine over its own Azurite container and queues, plus a loop that plays the Functions queue trigger:
/// receive, call the handler, delete on success, make visible again on failure, and after
/// <see cref="MaxDequeueCount"/> failures move to the poison queue and call RecordChunkFailureAsync.
/// </summary>
internal sealed class BulkTestHost : IDisposable
{
    public const int MaxDequeueCount = 3;

    public BulkTestHost(Action<BulkIngestionOptions>? tweak = null, IEmbeddingGenerator<string, Embedding<float>>? embedder = null, TimeProvider? time = null, string? container = null)
    {
        string suffix = Guid.NewGuid().ToString("N")[..12];
        Options = new BulkIngestionOptions { QueueName = $"bulk-{suffix}", PoisonQueueName = $"bulk-{suffix}-poison", ChunkTargetBytes = 64 * 1024 };
        tweak?.Invoke(Options);
        StorageOptions = TestData.Options(container);
        Storage = new VectronStorage(StorageOptions, time);
        Collections = new VectronCollections(Storage);
        Bulk = new BulkIngestion(Storage, Collections, Options, embedder);
        Queue = AzureBulkQueue.Create(StorageOptions, Options);
    }

    public BulkIngestionOptions Options { get; }

    public VectronStorageOptions StorageOptions { get; }

    public VectronStorage Storage { get; }

    public VectronCollections Collections { get; }

    public BulkIngestion Bulk { get; }

    public AzureBulkQueue Queue { get; }

    public static string VectorLine(string? id, float[] vector, string? metadataJson = null)
    {
        var line = new StringBuilder("{");
        if (id is not null)
        {
            line.Append(CultureInfo.InvariantCulture, $"\"id\":\"{id}\",");
        }

        line.Append("\"vector\":[").AppendJoin(',', vector.Select(v => v.ToString("R", CultureInfo.InvariantCulture))).Append(']');
        if (metadataJson is not null)
        {
            line.Append(",\"metadata\":").Append(metadataJson);
        }

        return line.Append('}').ToString();
    }

    public static MemoryStream Body(IEnumerable<string> lines) => new(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));

    /// <summary>Runs the queue until it is empty; returns how many deliveries were made.</summary>
    public async Task<int> DrainAsync(Func<BulkChunkMessage, Task>? handler = null)
    {
        handler ??= message => Bulk.ProcessChunkAsync(message);
        int deliveries = 0;
        while (true)
        {
            QueueMessage[] received = (await Queue.Queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
            if (received.Length == 0)
            {
                return deliveries;
            }

            foreach (QueueMessage item in received)
            {
                deliveries++;
                BulkChunkMessage message = BulkChunkMessage.FromJson(item.Body.ToString());
                try
                {
                    await handler(message);
                    await Queue.Queue.DeleteMessageAsync(item.MessageId, item.PopReceipt);
                }
                catch (InvalidOperationException ex) when (item.DequeueCount >= MaxDequeueCount)
                {
                    await Queue.PoisonQueue.SendMessageAsync(item.Body);
                    await Queue.Queue.DeleteMessageAsync(item.MessageId, item.PopReceipt);
                    await Bulk.RecordChunkFailureAsync(message, ex.Message);
                }
                catch (InvalidOperationException)
                {
                    await Queue.Queue.UpdateMessageAsync(item.MessageId, item.PopReceipt, visibilityTimeout: TimeSpan.Zero);
                }
            }
        }
    }

    /// <summary>Starts a job from <paramref name="lines"/> and enqueues its chunks.</summary>
    public async Task<BulkJobStarted> SubmitAsync(string collection, IEnumerable<string> lines, BulkJobOptions? options = null)
    {
        using MemoryStream body = Body(lines);
        BulkJobStarted started = await Bulk.StartJobAsync(collection, body, options);
        await Queue.EnqueueAsync(started.Chunks);
        return started;
    }

    public async Task<HashSet<string>> LiveIdsAsync(string collection)
    {
        using var reader = new CollectionReader(Storage, collection);
        await reader.RefreshAsync();
        return reader.LiveIds.ToHashSet(StringComparer.Ordinal);
    }

    public void Dispose() => Collections.Dispose();
}
