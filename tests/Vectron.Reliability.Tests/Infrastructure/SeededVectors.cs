namespace Vectron.Reliability.Tests.Infrastructure;

/// <summary>Vectors made from a seed, so a test can recreate the vector of any document it wrote.</summary>
internal static class SeededVectors
{
    public static float[] Create(int seed, int dimensions)
    {
        var random = new Random(seed);
        var vector = new float[dimensions];
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return vector;
    }

    /// <summary>Cosine similarity; the service stores vectors normalised, so compare directions, not values.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, normA = 0, normB = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }

        return dot / Math.Sqrt(normA * normB);
    }
}
