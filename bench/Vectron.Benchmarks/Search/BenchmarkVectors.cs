using Vectron.Index.Search;

namespace Vectron.Benchmarks.Search;

/// <summary>Random L2-normalised vectors loaded into <see cref="VectorBlock"/>s as a sealed segment would be.</summary>
internal static class BenchmarkVectors
{
    // Rows per block, about the size of a sealed segment's vector block.
    public const int BlockRows = 65_536;

    public static float[] Normalised(int seed, int count, int dimensions)
    {
        var random = new Random(seed);
        var values = new float[checked(count * dimensions)];
        for (int row = 0; row < count; row++)
        {
            Span<float> vector = values.AsSpan(row * dimensions, dimensions);
            double norm = 0;
            for (int i = 0; i < dimensions; i++)
            {
                vector[i] = (float)((random.NextDouble() * 2) - 1);
                norm += vector[i] * (double)vector[i];
            }

            float scale = (float)(1 / Math.Sqrt(norm));
            for (int i = 0; i < dimensions; i++)
            {
                vector[i] *= scale;
            }
        }

        return values;
    }

    public static SearchBlock[] ToBlocks(ReadOnlySpan<float> vectors, int dimensions)
    {
        int count = vectors.Length / dimensions;
        var blocks = new List<SearchBlock>();
        for (int first = 0; first < count; first += BlockRows)
        {
            var block = new VectorBlock(dimensions, Math.Min(BlockRows, count - first));
            for (int row = 0; row < block.Capacity; row++)
            {
                block.TryAppend($"doc-{first + row}", vectors.Slice((first + row) * dimensions, dimensions));
            }

            blocks.Add(new SearchBlock(block));
        }

        return [.. blocks];
    }
}
