namespace Vectron.Index.Tests.Search;

internal static class RandomVectors
{
    /// <summary><paramref name="count"/> L2-normalised vectors of <paramref name="dimensions"/>, row-major.</summary>
    public static float[] Normalised(Random random, int count, int dimensions)
    {
        var values = new float[count * dimensions];
        for (int row = 0; row < count; row++)
        {
            Span<float> vector = values.AsSpan(row * dimensions, dimensions);
            double norm = 0;
            for (int i = 0; i < dimensions; i++)
            {
                vector[i] = (float)((random.NextDouble() * 2) - 1);
                norm += vector[i] * (double)vector[i];
            }

            float scale = norm == 0 ? 1 : (float)(1 / Math.Sqrt(norm));
            for (int i = 0; i < dimensions; i++)
            {
                vector[i] *= scale;
            }
        }

        return values;
    }

    /// <summary>Small integer components: every dot product is exact in float32 whatever the summation order, and
    /// equal scores are frequent, so ranking and tie-breaking can be compared exactly.</summary>
    public static float[] SmallIntegers(Random random, int count, int dimensions)
    {
        var values = new float[count * dimensions];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.Next(-2, 3);
        }

        return values;
    }
}
