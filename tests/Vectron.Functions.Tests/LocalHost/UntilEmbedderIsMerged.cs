using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Vectron.Functions.Tests.LocalHost;

// TEMPORARY, test-only: wt/embed (the ONNX embedder) had not been merged when these tests were written. Once
// AddVectronFunctions registers the real generator this adds nothing, and the integration tests run the real model.
internal static class UntilEmbedderIsMerged
{
    public static void AddStandIn(IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(IEmbeddingGenerator<string, Embedding<float>>)))
        {
            return;
        }

        const int dimensions = 8;
        var generator = new Mock<IEmbeddingGenerator<string, Embedding<float>>>();
        generator.Setup(g => g.GetService(typeof(EmbeddingGeneratorMetadata), null))
            .Returns(new EmbeddingGeneratorMetadata("stand-in", defaultModelId: "stand-in", defaultModelDimensions: dimensions));
        generator.Setup(g => g.GenerateAsync(It.IsAny<IEnumerable<string>>(), It.IsAny<EmbeddingGenerationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IEnumerable<string> texts, EmbeddingGenerationOptions? _, CancellationToken _) => new GeneratedEmbeddings<Embedding<float>>(
                texts.Select(t =>
                {
                    var vector = new float[dimensions];
                    vector[t.Length % dimensions] = 1;
                    return new Embedding<float>(vector) { AdditionalProperties = new() { ["truncated"] = false, ["tokenCount"] = t.Length } };
                })));
        services.AddSingleton(generator.Object);
    }
}
