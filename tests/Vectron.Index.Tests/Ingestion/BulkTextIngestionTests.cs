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
}
