using Azure.Storage.Queues.Models;
using BenchmarkDotNet.Attributes;
using Vectron.Benchmarks.Storage;
using Vectron.Index.Collections;
using Vectron.Index.Embedding;
using Vectron.Index.Ingestion;

namespace Vectron.Benchmarks.Ingestion;

/// <summary>
/// Bulk ingestion end to end against Azurite (blob + queue): upload the NDJSON, enqueue the chunks, workers dequeue
/// and process them, until the job reports completed (every document then readable). <see cref="RawEmbedding"/>
/// embeds the same 10,000 short texts in the same batches with nothing else: the ceiling for <see cref="BulkTexts"/>.
/// <see cref="BulkVectors"/> and <see cref="BulkVectorsBase64"/> ingest 10,000 vectors of 384 dimensions (no model),
/// as JSON numbers and as base64. Run (docs/benchmarks.md):
/// node scripts/bench-azurite.mjs --filter '*BulkIngestionBenchmarks*'
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class BulkIngestionBenchmarks : IDisposable
{
    public const int Documents = 10_000;
    private const int Dimensions = 384;
    private const int VectorWorkers = 4;

    private readonly BulkIngestionOptions _options = new();
    private OnnxEmbeddingGenerator _generator = null!;
    private VectronCollections _collections = null!;
    private BulkIngestion _bulk = null!;
    private AzureBulkQueue _queue = null!;
    private string[] _texts = [];
    private byte[] _textBody = [];
    private byte[] _vectorJsonBody = [];
    private byte[] _vectorBase64Body = [];

    [GlobalSetup]
    public void Setup()
    {
        _generator = new OnnxEmbeddingGenerator(new EmbeddingOptions());
        _collections = BenchStorage.Collections($"bulk-{Guid.NewGuid().ToString("N")[..8]}");
        string suffix = Guid.NewGuid().ToString("N")[..12];
        (_options.QueueName, _options.PoisonQueueName) = ($"bench-{suffix}", $"bench-{suffix}-poison");
        _bulk = new BulkIngestion(_collections.Storage, _collections, _options, _generator);
        _queue = AzureBulkQueue.Create(_collections.Storage.Options, _options);
        _collections.CreateAsync("texts", new CollectionSettings(Dimensions)).GetAwaiter().GetResult();
        _collections.CreateAsync("vectors", new CollectionSettings(Dimensions)).GetAwaiter().GetResult();

        _texts = BulkBodies.Texts(Documents);
        _textBody = BulkBodies.TextLines(_texts);
        _vectorJsonBody = BulkBodies.Vectors(Documents, Dimensions, BulkVectorEncoding.Json);
        _vectorBase64Body = BulkBodies.Vectors(Documents, Dimensions, BulkVectorEncoding.Base64);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _collections.Storage.Container.DeleteIfExists();
        _queue.Queue.DeleteIfExists();
        _queue.PoisonQueue.DeleteIfExists();
        _collections.Dispose();
        _generator.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The same texts in the same batches as the bulk path hands to the generator.</summary>
    [Benchmark(Baseline = true)]
    public int RawEmbedding()
    {
        int embedded = 0;
        for (int start = 0; start < _texts.Length; start += _options.EmbeddingBatchSize)
        {
            embedded += _generator.GenerateAsync(_texts[start..Math.Min(_texts.Length, start + _options.EmbeddingBatchSize)]).GetAwaiter().GetResult().Count;
        }

        return embedded;
    }

    /// <summary>One worker, like one queue-triggered instance: embedding already uses every core.</summary>
    [Benchmark]
    public long BulkTexts() => RunJobAsync("texts", _textBody, workers: 1).GetAwaiter().GetResult();

    /// <summary>Vectors as JSON arrays of numbers.</summary>
    [Benchmark]
    public long BulkVectors() => RunJobAsync("vectors", _vectorJsonBody, VectorWorkers).GetAwaiter().GetResult();

    /// <summary>The same vectors as base64 of their float32 bytes (half the bytes, no number parsing).</summary>
    [Benchmark]
    public long BulkVectorsBase64() => RunJobAsync("vectors", _vectorBase64Body, VectorWorkers).GetAwaiter().GetResult();

    private async Task<long> RunJobAsync(string collection, byte[] body, int workers)
    {
        using var upload = new MemoryStream(body, writable: false);
        BulkJobStarted started = await _bulk.StartJobAsync(collection, upload);
        await _queue.EnqueueAsync(started.Chunks);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync)));
        BulkJobStatus status = await _bulk.GetJobAsync(started.JobId);
        if (status.State != BulkJobState.Completed || status.DocumentsWritten != Documents)
        {
            throw new InvalidOperationException($"Job ended {status.State} with {status.DocumentsWritten} documents.");
        }

        return status.DocumentsWritten;
    }

    /// <summary>What the queue trigger does: take one message at a time, process it, delete it.</summary>
    private async Task WorkAsync()
    {
        while (true)
        {
            QueueMessage[] messages = (await _queue.Queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5))).Value;
            if (messages.Length == 0)
            {
                return;
            }

            await _bulk.ProcessChunkAsync(BulkChunkMessage.FromJson(messages[0].Body.ToString()));
            await _queue.Queue.DeleteMessageAsync(messages[0].MessageId, messages[0].PopReceipt);
        }
    }
}
