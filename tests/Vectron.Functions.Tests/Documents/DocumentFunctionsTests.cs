using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Vectron.Functions.Documents;
using Vectron.Functions.Http;
using Vectron.Functions.Tests.Embed;
using Vectron.Index.Collections;
using Vectron.Index.Storage;
using static Vectron.Functions.Tests.Collections.CollectionFunctionsTests;

namespace Vectron.Functions.Tests.Documents;

public sealed class DocumentFunctionsTests
{
    private static readonly CollectionInfo TextCollection = new("docs", new CollectionSettings(FakeModel.Dimensions, ModelId: FakeModel.Id), DateTimeOffset.UnixEpoch);
    private static readonly CollectionInfo VectorCollection = new("vecs", new CollectionSettings(FakeModel.Dimensions), DateTimeOffset.UnixEpoch);
    private readonly Mock<IVectronCollections> collections = new(MockBehavior.Strict);
    private readonly Mock<IEmbeddingGenerator<string, Embedding<float>>> generator = FakeModel.Create();
    private readonly DocumentFunctions functions;

    public DocumentFunctionsTests()
    {
        collections.Setup(c => c.GetAsync(TextCollection.Name, It.IsAny<CancellationToken>())).ReturnsAsync(TextCollection);
        collections.Setup(c => c.GetAsync(VectorCollection.Name, It.IsAny<CancellationToken>())).ReturnsAsync(VectorCollection);
        functions = new DocumentFunctions(collections.Object, generator.Object, NullLogger<DocumentFunctions>.Instance);
    }

    [Fact]
    public async Task UpsertAsync_MixedTextAndVectors_EmbedsOnlyTextsAndWritesOneBatchInOrder()
    {
        var random = new Random(11);
        for (var round = 0; round < 20; round++)
        {
            var count = random.Next(1, 30);
            var documents = Enumerable.Range(0, count).Select(i => random.Next(2) == 0
                ? (object)new { id = $"d{i}", text = $"text {round} {i}", metadata = new { n = i } }
                : new { id = $"d{i}", vector = Enumerable.Range(0, FakeModel.Dimensions).Select(_ => (float)random.NextDouble()).ToArray() }).ToArray();
            IReadOnlyList<DocumentUpsert>? written = null;
            collections.Setup(c => c.UpsertAsync("docs", It.IsAny<IReadOnlyList<DocumentUpsert>>(), It.IsAny<CancellationToken>()))
                .Callback((string _, IReadOnlyList<DocumentUpsert> batch, CancellationToken _) => written = batch)
                .ReturnsAsync(new WriteReceipt(count, 42));

            var result = await functions.UpsertAsync(Json(new { documents }), "docs", CancellationToken.None);

            var response = Assert.IsType<UpsertDocumentsResponse>(Assert.IsType<OkObjectResult>(result).Value);
            var json = JsonSerializer.SerializeToElement(new { documents }).GetProperty("documents").EnumerateArray().ToArray();
            var texts = json.Count(d => d.TryGetProperty("text", out _));
            Assert.Equal(new UpsertDocumentsResponse(count, texts, 42), response);
            Assert.NotNull(written);
            Assert.Equal(count, written.Count);
            for (var i = 0; i < count; i++)
            {
                Assert.Equal($"d{i}", written[i].Id);
                if (json[i].TryGetProperty("text", out var text))
                {
                    Assert.Equal(FakeModel.VectorOf(text.GetString()!), written[i].Vector.ToArray());
                    Assert.Equal(text.GetString(), written[i].Text);
                    Assert.Equal($$"""{"n":{{i}}}""", written[i].MetadataJson);
                }
                else
                {
                    Assert.Equal(json[i].GetProperty("vector").EnumerateArray().Select(v => v.GetSingle()), written[i].Vector.ToArray());
                    Assert.Null(written[i].MetadataJson);
                }
            }
        }
    }

    [Fact]
    public async Task UpsertAsync_VectorsOnly_DoesNotEmbed()
    {
        collections.Setup(c => c.UpsertAsync("vecs", It.IsAny<IReadOnlyList<DocumentUpsert>>(), It.IsAny<CancellationToken>())).ReturnsAsync(new WriteReceipt(1, 1));

        var result = await functions.UpsertAsync(Json(new { documents = new[] { new { id = "a", vector = new[] { 1f, 2, 3, 4 }, text = "kept as is" } } }), "vecs", CancellationToken.None);

        Assert.IsType<OkObjectResult>(result);
        generator.Verify(g => g.GenerateAsync(It.IsAny<IEnumerable<string>>(), It.IsAny<EmbeddingGenerationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    public static TheoryData<string, string, string> InvalidRequests => new()
    {
        { "docs", """{}""", "documents" },
        { "docs", """{"documents":[]}""", "documents" },
        { "docs", """{"documents":[null]}""", "documents[0]" },
        { "docs", """{"documents":[{"id":"a","text":"x"},{"id":"b"}]}""", "documents[1]" },
        { "docs", """{"documents":[{"id":"a","text":"   "}]}""", "documents[0].text" },
        { "docs", """{"documents":[{"id":"a","text":"x","colour":"red"}]}""", "documents[0].colour" },
        { "docs", """{"documents":[{"id":"a","vector":[1,"x"]}]}""", "documents[0].vector[1]" },
        { "vecs", """{"documents":[{"id":"a","vector":[1,2,3,4]},{"id":"b","text":"needs a model"}]}""", "documents[1].text" },
        { "Bad_Name", """{"documents":[{"id":"a","text":"x"}]}""", "name" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task UpsertAsync_InvalidRequest_Returns400NamingFieldWithoutWriting(string name, string json, string field)
    {
        var result = await functions.UpsertAsync(Json(json), name, CancellationToken.None);

        EmbedFunctionsTests.AssertValidationProblem(result, field);
        collections.Verify(c => c.UpsertAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<DocumentUpsert>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task UpsertAsync_TooManyDocuments_Returns400WithoutEmbedding()
    {
        var documents = Enumerable.Range(0, DocumentLimits.MaxDocumentsPerBatch + 1).Select(i => new { id = $"d{i}", text = "t" });

        var result = await functions.UpsertAsync(Json(new { documents }), "docs", CancellationToken.None);

        EmbedFunctionsTests.AssertValidationProblem(result, "documents");
        generator.Verify(g => g.GenerateAsync(It.IsAny<IEnumerable<string>>(), It.IsAny<EmbeddingGenerationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task UpsertAsync_EngineRejectsVector_Returns400NamingIt()
    {
        collections.Setup(c => c.UpsertAsync("vecs", It.IsAny<IReadOnlyList<DocumentUpsert>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new VectronValidationException("documents[0].vector", "The vector has 2 dimensions; the collection has 4."));

        var result = await functions.UpsertAsync(Json("""{"documents":[{"id":"a","vector":[1,2]}]}"""), "vecs", CancellationToken.None);

        EmbedFunctionsTests.AssertValidationProblem(result, "documents[0].vector");
    }

    [Fact]
    public async Task UpsertAsync_UnknownCollection_Returns404WithoutEmbedding()
    {
        collections.Setup(c => c.GetAsync("gone", It.IsAny<CancellationToken>())).ThrowsAsync(new CollectionNotFoundException("gone"));

        var result = await functions.UpsertAsync(Json("""{"documents":[{"id":"a","text":"x"}]}"""), "gone", CancellationToken.None);

        Assert.Equal(404, Assert.IsType<ProblemResult>(result).StatusCode);
        generator.Verify(g => g.GenerateAsync(It.IsAny<IEnumerable<string>>(), It.IsAny<EmbeddingGenerationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task GetAsync_Stored_ReturnsDocument()
    {
        collections.Setup(c => c.GetDocumentAsync("docs", "a", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoredDocument("a", new float[] { 0.6f, 0.8f }, """{"tag":"x"}""", "hello", new RecordVersion(1, 2)));

        var result = await functions.GetAsync(Json("{}"), "docs", "a", CancellationToken.None);

        var document = Assert.IsType<DocumentResponse>(Assert.IsType<OkObjectResult>(result).Value);
        Assert.Equal("a", document.Id);
        Assert.Equal("x", document.Metadata!.Value.GetProperty("tag").GetString());
        Assert.Equal("hello", document.Text);
        Assert.Equal([0.6f, 0.8f], document.Vector);
    }

    [Fact]
    public async Task GetAsync_Absent_Returns404()
    {
        collections.Setup(c => c.GetDocumentAsync("docs", "a", It.IsAny<CancellationToken>())).ReturnsAsync((StoredDocument?)null);

        var result = await functions.GetAsync(Json("{}"), "docs", "a", CancellationToken.None);

        Assert.Equal(404, Assert.IsType<ProblemResult>(result).StatusCode);
    }

    [Fact]
    public async Task DeleteAsync_Any_WritesTombstoneAndReturns204()
    {
        collections.Setup(c => c.DeleteDocumentsAsync("docs", It.Is<IReadOnlyList<string>>(ids => ids.SequenceEqual(new[] { "a" })), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new WriteReceipt(1, 1));

        var result = await functions.DeleteAsync(Json("{}"), "docs", "a", CancellationToken.None);

        Assert.IsType<NoContentResult>(result);
    }

    [Fact]
    public async Task EveryFunction_StorageUnavailable_Returns503WithRetryAfter()
    {
        var down = new StorageUnavailableException("down", TimeSpan.FromSeconds(2), null);
        collections.Setup(c => c.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(down);
        collections.Setup(c => c.GetDocumentAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(down);
        collections.Setup(c => c.DeleteDocumentsAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>())).ThrowsAsync(down);

        IActionResult[] results =
        [
            await functions.UpsertAsync(Json("""{"documents":[{"id":"a","text":"x"}]}"""), "docs", CancellationToken.None),
            await functions.GetAsync(Json("{}"), "docs", "a", CancellationToken.None),
            await functions.DeleteAsync(Json("{}"), "docs", "a", CancellationToken.None),
        ];

        foreach (var result in results)
        {
            var problem = Assert.IsType<ProblemResult>(result);
            Assert.Equal(503, problem.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), problem.RetryAfter);
        }
    }
}
