using System.Text.Json;
using Microsoft.Extensions.AI;
using Vectron.Index.Collections;
using Vectron.Index.Ingestion;
using Vectron.Index.Tests.Embedding;
using Vectron.Index.Tests.Storage;

namespace Vectron.Index.Tests.Ingestion;

[Collection(EmbeddingTestGroup.Name)]
public sealed class BulkTextIngestionTests(EmbeddingGeneratorFixture model)
{
    private static readonly string[] Words = ["river", "stone", "quiet", "market", "engine", "violet", "harbor", "winter", "logic", "garden", "thunder", "paper"];

    [Fact]
    public async Task ProcessChunkAsync_ShortTextsWithTheRealModel_StoresEachTextWithItsEmbedding()
    {
        using var host = new BulkTestHost(o => (o.ChunkTargetBytes, o.EmbeddingBatchSize) = (4 * 1024, 32), model.Generator);
        await host.Collections.CreateAsync("bulk-text", new CollectionSettings(model.Generator.Dimensions));
        var random = new Random(11);
        var texts = new Dictionary<string, string>();
        var lines = new List<string>();
        for (int i = 0; i < 300; i++)
        {
            string text = string.Join(' ', Enumerable.Range(0, random.Next(2, 9)).Select(_ => Words[random.Next(Words.Length)]));
            texts[$"t{i}"] = text;
            lines.Add(JsonSerializer.Serialize(new { id = $"t{i}", text, metadata = new { i } }));
        }

        // A few vector lines in between: one chunk mixes both kinds.
        float[] given = TestData.Vector(random, model.Generator.Dimensions);
        lines.Insert(5, BulkTestHost.VectorLine("v0", given));

        BulkJobStarted started = await host.SubmitAsync("bulk-text", lines);
        await host.DrainAsync();

        BulkJobStatus status = await host.Bulk.GetJobAsync(started.JobId);
        Assert.Equal(BulkJobState.Completed, status.State);
        Assert.Equal(301, status.DocumentsWritten);
        Assert.Equal(301, (await host.LiveIdsAsync("bulk-text")).Count);
        foreach (string id in texts.Keys.OrderBy(_ => random.Next()).Take(12))
        {
            StoredDocument document = (await host.Collections.GetDocumentAsync("bulk-text", id))!;
            Embedding<float> expected = (await model.Generator.GenerateAsync([texts[id]]))[0];
            Assert.Equal(texts[id], document.Text);
            Assert.Equal($"{{\"i\":{id[1..]}}}", document.MetadataJson);
            float[] stored = document.Vector.ToArray();
            for (int d = 0; d < stored.Length; d++)
            {
                Assert.Equal(expected.Vector.Span[d], stored[d], 1e-5f);
            }
        }

        Assert.Equal(VectorRules.Normalize(given, given.Length), (await host.Collections.GetDocumentAsync("bulk-text", "v0"))!.Vector.ToArray());
    }

    [Fact]
    public async Task ProcessChunkAsync_TextsForACollectionOfOtherDimensions_ReportsEachTextLine()
    {
        using var host = new BulkTestHost(embedder: model.Generator);
        await host.Collections.CreateAsync("bulk-text-dims", new CollectionSettings(8));

        BulkJobStarted started = await host.SubmitAsync("bulk-text-dims", ["{\"text\":\"hello\"}", "{\"vector\":[1,2,3,4,5,6,7,8]}", "{\"text\":\"world\"}"]);
        await host.DrainAsync();

        BulkJobStatus status = await host.Bulk.GetJobAsync(started.JobId);
        Assert.Equal(BulkJobState.CompletedWithErrors, status.State);
        Assert.Equal(1, status.DocumentsWritten);
        Assert.Equal([1L, 3L], status.Errors.Select(e => e.Line));
        Assert.All(status.Errors, e => Assert.Equal("text", e.Field));
    }

    [Fact]
    public async Task ProcessChunkAsync_TextWithoutAnEmbeddingModel_ReportsTheLine()
    {
        using var host = new BulkTestHost();
        await host.Collections.CreateAsync("bulk-no-model", new CollectionSettings(4));

        BulkJobStarted started = await host.SubmitAsync("bulk-no-model", ["{\"vector\":[1,2,3,4]}", "{\"text\":\"hello\"}"]);
        await host.DrainAsync();

        BulkLineError error = Assert.Single((await host.Bulk.GetJobAsync(started.JobId)).Errors);
        Assert.Equal((2L, "text"), (error.Line, error.Field));
    }

    [Fact]
    public async Task ProcessChunkAsync_ChunksProcessedConcurrently_EmbedOneWindowAtATime()
    {
        // Not disposed: that would dispose the model, which the fixture shares with the whole group.
        var counting = new ConcurrencyCountingGenerator(model.Generator);
        using var host = new BulkTestHost(o => (o.ChunkTargetBytes, o.EmbeddingBatchSize) = (1024, 8), counting);
        await host.Collections.CreateAsync("bulk-gate", new CollectionSettings(model.Generator.Dimensions));
        var random = new Random(12);
        string[] lines = [.. Enumerable.Range(0, 160).Select(i => JsonSerializer.Serialize(new { id = $"g{i}", text = string.Join(' ', Enumerable.Range(0, random.Next(3, 9)).Select(_ => Words[random.Next(Words.Length)])) }))];

        BulkJobStarted started = await host.SubmitAsync("bulk-gate", lines);
        await Task.WhenAll(started.Chunks.Select(chunk => Task.Run(() => host.Bulk.ProcessChunkAsync(chunk))));

        Assert.True(started.Chunks.Count >= 4, $"{started.Chunks.Count} chunks");
        Assert.InRange(counting.Calls, 160 / 8, (160 / 8) + started.Chunks.Count);
        Assert.Equal(1, counting.MaxConcurrent);
        Assert.Equal(160, (await host.Bulk.GetJobAsync(started.JobId)).DocumentsWritten);
    }

    /// <summary>The real model, counting how many calls run at the same time.</summary>
    private sealed class ConcurrencyCountingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner) : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        private int _running;
        private int _calls;
        private int _maxConcurrent;

        public int Calls => _calls;

        public int MaxConcurrent => _maxConcurrent;

        public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            int running = Interlocked.Increment(ref _running);
            InterlockedMax(ref _maxConcurrent, running);
            try
            {
                // A pause inside the call, so overlapping calls would be seen even when the model itself is quick.
                await Task.Delay(20, cancellationToken);
                return await base.GenerateAsync(values, options, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
