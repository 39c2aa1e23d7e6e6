using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Vectron.Functions.Embed;
using Vectron.Functions.Http;
using Vectron.Functions.Tests.Http;
using Vectron.Index.Collections;

namespace Vectron.Functions.Tests.Embed;

public sealed class EmbedFunctionsTests
{
    private readonly Mock<IEmbeddingGenerator<string, Embedding<float>>> generator = new(MockBehavior.Strict);

    [Fact]
    public async Task EmbedAsync_ValidTexts_ReturnsOneItemPerTextInOrder()
    {
        var random = new Random(7);
        var texts = Enumerable.Range(0, 5).Select(i => $"text {i}").ToArray();
        var embeddings = texts.Select((_, i) => new Embedding<float>(Enumerable.Range(0, 4).Select(_ => (float)random.NextDouble()).ToArray())
        {
            ModelId = "test-model",
            AdditionalProperties = new() { ["truncated"] = i % 2 == 0, ["tokenCount"] = 10 + i },
        }).ToArray();
        generator.Setup(g => g.GenerateAsync(It.Is<IEnumerable<string>>(t => t.SequenceEqual(texts)), It.IsAny<EmbeddingGenerationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new GeneratedEmbeddings<Embedding<float>>(embeddings));
        generator.Setup(g => g.GetService(typeof(EmbeddingGeneratorMetadata), null))
            .Returns(new EmbeddingGeneratorMetadata("test", defaultModelId: "test-model", defaultModelDimensions: 4));

        var result = await new EmbedFunctions(generator.Object, NullLogger<EmbedFunctions>.Instance).EmbedAsync(Request(new { texts }), CancellationToken.None);

        var response = Assert.IsType<EmbedResponse>(Assert.IsType<OkObjectResult>(result).Value);
        Assert.Equal("test-model", response.Model);
        Assert.Equal(4, response.Dimensions);
        Assert.Equal(texts.Length, response.Data.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(i, response.Data[i].Index);
            Assert.Equal(embeddings[i].Vector.ToArray(), response.Data[i].Embedding);
            Assert.Equal(i % 2 == 0, response.Data[i].Truncated);
            Assert.Equal(10 + i, response.Data[i].Tokens);
        }
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"texts":[]}""", "texts" },
        { """{}""", "texts" },
        { """{"texts":null}""", "texts" },
        { """{"texts":["ok", null]}""", "texts[1]" },
        { """{"texts":["ok", ""]}""", "texts[1]" },
        { """{"texts":["  \t "]}""", "texts[0]" },
        { JsonSerializer.Serialize(new { texts = Enumerable.Repeat("a", ApiLimits.MaxTextsPerEmbedRequest + 1) }), "texts" },
        { JsonSerializer.Serialize(new { texts = new[] { "a", "b", new string('x', DocumentLimits.MaxTextBytes + 1) } }), "texts[2]" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task EmbedAsync_InvalidTexts_Returns400NamingFieldWithoutEmbedding(string json, string field)
    {
        var result = await new EmbedFunctions(generator.Object, NullLogger<EmbedFunctions>.Instance).EmbedAsync(JsonRequestTests.Request(json, "application/json"), CancellationToken.None);

        AssertValidationProblem(result, field);
        generator.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task EmbedAsync_LimitsExactly_Embeds()
    {
        var texts = Enumerable.Repeat("short", ApiLimits.MaxTextsPerEmbedRequest - 1).Append(new string('x', DocumentLimits.MaxTextBytes)).ToArray();
        generator.Setup(g => g.GenerateAsync(It.IsAny<IEnumerable<string>>(), It.IsAny<EmbeddingGenerationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new GeneratedEmbeddings<Embedding<float>>(texts.Select(_ => new Embedding<float>(new float[] { 1 }))));
        generator.Setup(g => g.GetService(typeof(EmbeddingGeneratorMetadata), null)).Returns((object?)null);

        var result = await new EmbedFunctions(generator.Object, NullLogger<EmbedFunctions>.Instance).EmbedAsync(Request(new { texts }), CancellationToken.None);

        Assert.Equal(texts.Length, Assert.IsType<EmbedResponse>(Assert.IsType<OkObjectResult>(result).Value).Data.Count);
    }

    [Fact]
    public async Task EmbedAsync_GeneratorRejectsInput_Returns400()
    {
        generator.Setup(g => g.GenerateAsync(It.IsAny<IEnumerable<string>>(), It.IsAny<EmbeddingGenerationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new VectronValidationException("texts[0]", "cannot be tokenized"));

        var result = await new EmbedFunctions(generator.Object, NullLogger<EmbedFunctions>.Instance).EmbedAsync(Request(new { texts = new[] { "a" } }), CancellationToken.None);

        AssertValidationProblem(result, "texts[0]");
    }

    [Fact]
    public async Task EmbedAsync_GeneratorFails_Propagates()
    {
        generator.Setup(g => g.GenerateAsync(It.IsAny<IEnumerable<string>>(), It.IsAny<EmbeddingGenerationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("model broken"));

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => new EmbedFunctions(generator.Object, NullLogger<EmbedFunctions>.Instance).EmbedAsync(Request(new { texts = new[] { "a" } }), CancellationToken.None));
    }

    [Fact]
    public async Task EmbedAsync_Cancelled_PassesTokenToGenerator()
    {
        using var cancellation = new CancellationTokenSource();
        generator.Setup(g => g.GenerateAsync(It.IsAny<IEnumerable<string>>(), It.IsAny<EmbeddingGenerationOptions?>(), cancellation.Token))
            .ThrowsAsync(new OperationCanceledException(cancellation.Token));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new EmbedFunctions(generator.Object, NullLogger<EmbedFunctions>.Instance).EmbedAsync(Request(new { texts = new[] { "a" } }), cancellation.Token));
    }

    internal static void AssertValidationProblem(IActionResult result, string field)
    {
        var problem = Assert.IsType<ProblemResult>(result);
        Assert.Equal(400, problem.StatusCode);
        var details = Assert.IsType<ValidationProblemDetails>(problem.Problem);
        Assert.Equal(field, Assert.Single(details.Errors).Key);
    }

    private static Microsoft.AspNetCore.Http.HttpRequest Request(object body)
        => JsonRequestTests.Request(JsonSerializer.Serialize(body), "application/json");
}
