using Microsoft.Extensions.AI;
using Vectron.Index.Embedding;
using Vectron.Index.Telemetry;
using Vectron.Index.Tests.Storage;

namespace Vectron.Index.Tests.Telemetry;

[Collection(TelemetryTestGroup.Name)]
public sealed class EmbeddingTelemetryTests
{
    [Fact]
    public async Task GenerateAsync_WithListener_RecordsTextsTokensAndDuration()
    {
        using var generator = new OnnxEmbeddingGenerator(new EmbeddingOptions());
        var random = new Random(821);
        using var capture = new TelemetryCapture();
        int calls = random.Next(2, 5);
        int texts = 0;
        long tokens = 0;
        for (int call = 0; call < calls; call++)
        {
            string[] batch = Enumerable.Range(0, random.Next(1, 12)).Select(_ => TestData.UnicodeString(random, 80)).ToArray();
            GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(batch);
            texts += batch.Length;
            tokens += result.Usage!.TotalTokenCount!.Value;
        }

        List<MetricValue> metrics = capture.Collect();
        Assert.Equal(calls, metrics.Total(InstrumentNames.EmbeddingTexts));
        Assert.Equal(texts, metrics.SumOf(InstrumentNames.EmbeddingTexts));
        Assert.Equal(tokens, metrics.SumOf(InstrumentNames.EmbeddingTokens));
        Assert.Equal(calls, metrics.Total(InstrumentNames.EmbeddingDuration));
    }
}
