using Vectron.Index.Collections;
using Vectron.Index.Embedding;
using Vectron.Index.Query;
using Vectron.Index.Search;
using Vectron.Index.Storage;
using Vectron.Index.Tests.Embedding;
using Vectron.Index.Tests.Storage;

namespace Vectron.Index.Tests.Query;

/// <summary>Queries by text, embedded by the query service beside its catch-up, on Azurite with the bundled model.</summary>
[Collection(EmbeddingTestGroup.Name)]
public sealed class TextQueryTests(EmbeddingGeneratorFixture model) : IDisposable
{
    private static readonly string[] Sentences =
    [
        "The cat sleeps on the warm windowsill.",
        "Stock markets fell sharply on Monday.",
        "A recipe for bread needs flour, water and yeast.",
        "The football match ended in a draw.",
        "Kittens like to chase balls of yarn.",
    ];

    private readonly VectronCollections writer = TestData.Collections();
    private readonly List<IDisposable> owned = [];

    [Fact]
    public async Task QueryAsync_Text_AnswersAsTheQueryByItsEmbedding()
    {
        VectronQueryService service = Service(withModel: true);
        string collection = await CreateAsync(EmbeddingModel.Of(model.Generator).Id);
        var embeddings = await model.Generator.GenerateAsync(Sentences);
        await writer.UpsertAsync(collection, [.. Sentences.Select((s, i) => new DocumentUpsert($"s{i}", embeddings[i].Vector, null, s))]);
        string text = "a small cat playing with wool";
        ReadOnlyMemory<float> vector = (await model.Generator.GenerateAsync([text]))[0].Vector;

        QueryResult byText = await service.QueryAsync(collection, new VectorQuery { Text = text, TopK = 3, Mode = QueryMode.Exact });
        QueryResult byVector = await service.QueryAsync(collection, new VectorQuery { Vector = vector, TopK = 3, Mode = QueryMode.Exact });

        Assert.Equal(byVector.Hits.Select(h => (h.Id, h.Score)), byText.Hits.Select(h => (h.Id, h.Score)));
        Assert.Contains(byText.Hits[0].Id, new[] { "s0", "s4" });
        Assert.True(byText.Timings.Embed > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, byVector.Timings.Embed);
    }

    [Fact]
    public async Task QueryAsync_TextForCollectionOfAnotherModel_ThrowsNamingText()
    {
        VectronQueryService service = Service(withModel: true);
        string withoutModel = await CreateAsync(modelId: null);
        string otherModel = await CreateAsync(modelId: "other-model");

        var noModel = await Assert.ThrowsAsync<VectronValidationException>(() => service.QueryAsync(withoutModel, new VectorQuery { Text = "cats" }));
        var mismatch = await Assert.ThrowsAsync<VectronValidationException>(() => service.QueryAsync(otherModel, new VectorQuery { Text = "cats" }));

        Assert.Equal("text", noModel.Field);
        Assert.Equal("text", mismatch.Field);
        Assert.Contains("other-model", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryAsync_TextWithoutModelOrWithVector_ThrowsNamingTheField()
    {
        string collection = await CreateAsync(EmbeddingModel.Of(model.Generator).Id);
        var vector = new float[model.Generator.Dimensions];
        vector[0] = 1;

        var noGenerator = await Assert.ThrowsAsync<VectronValidationException>(
            () => Service(withModel: false).QueryAsync(collection, new VectorQuery { Text = "cats" }));
        var both = await Assert.ThrowsAsync<VectronValidationException>(
            () => Service(withModel: true).QueryAsync(collection, new VectorQuery { Text = "cats", Vector = vector }));
        var neither = await Assert.ThrowsAsync<VectronValidationException>(
            () => Service(withModel: true).QueryAsync(collection, new VectorQuery()));

        Assert.Equal("text", noGenerator.Field);
        Assert.Equal("vector", both.Field);
        Assert.Equal("text", neither.Field);
    }

    [Fact]
    public async Task QueryAsync_TextOnUnknownCollection_ThrowsNotFound()
    {
        VectronQueryService service = Service(withModel: true);

        await Assert.ThrowsAsync<CollectionNotFoundException>(() => service.QueryAsync("no-such-collection", new VectorQuery { Text = "cats" }));
    }

    public void Dispose()
    {
        owned.ForEach(d => d.Dispose());
        writer.Dispose();
    }

    private VectronQueryService Service(bool withModel)
    {
        var storage = new VectronStorage(TestData.Options(writer.Storage.Options.ContainerName));
        var service = new VectronQueryService(storage, new QueryOptions(), withModel ? model.Generator : null);
        owned.Add(service);
        return service;
    }

    private async Task<string> CreateAsync(string? modelId)
    {
        string collection = $"t{Guid.NewGuid():N}"[..12];
        await writer.CreateAsync(collection, new CollectionSettings(model.Generator.Dimensions, ModelId: modelId));
        return collection;
    }
}
