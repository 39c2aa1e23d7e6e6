using System.Diagnostics;

namespace Vectron.Index.Telemetry;

/// <summary>The embedder's measurements: one point per <c>GenerateAsync</c> call.</summary>
internal static class EmbeddingTelemetry
{
    public static void Generated(int texts, int tokens, long startTimestamp)
    {
        VectronTelemetry.EmbeddingTexts.Record(texts);
        VectronTelemetry.EmbeddingTokens.Record(tokens);
        if (VectronTelemetry.EmbeddingDuration.Enabled)
        {
            VectronTelemetry.EmbeddingDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
        }
    }
}
