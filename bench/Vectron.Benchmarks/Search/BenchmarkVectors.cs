using Vectron.Index.Search;

namespace Vectron.Benchmarks.Search;

/// <summary>Loads row-major vectors into <see cref="VectorBlock"/>s the size of a sealed segment's.</summary>
internal static class BenchmarkVectors
{
    // Rows per block, about the size of a sealed segment's vector block.
    public const int BlockRows = 65_536;

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

    /// <summary><paramref name="rows"/> random normalised rows, generated a block at a time so a million rows do
    /// not need a second full copy.</summary>
    public static SearchBlock[] RandomBlocks(Random random, int rows, int dimensions)
    {
        var blocks = new List<SearchBlock>();
        for (int first = 0; first < rows; first += BlockRows)
        {
            int count = Math.Min(BlockRows, rows - first);
            blocks.AddRange(ToBlocks(Vectron.Index.Tests.Search.RandomVectors.Normalised(random, count, dimensions), dimensions));
        }

        return [.. blocks];
    }
}
