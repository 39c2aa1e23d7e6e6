using Vectron.Index.Search;

namespace Vectron.Benchmarks.Search;

/// <summary>Loads row-major vectors into <see cref="VectorBlock"/>s the size of a sealed segment's.</summary>
internal static class BenchmarkVectors
{
    // Rows per block. Sealed segments hold up to MaxSegmentRows (16 Ki) rows; the block size does not change query
    // time measurably (BlockSizeRunner), and the recorded figures were taken with this one.
    public const int BlockRows = 65_536;

    public static SearchBlock[] ToBlocks(ReadOnlySpan<float> vectors, int dimensions, int blockRows = BlockRows)
    {
        int count = vectors.Length / dimensions;
        var blocks = new List<SearchBlock>();
        for (int first = 0; first < count; first += blockRows)
        {
            var block = new VectorBlock(dimensions, Math.Min(blockRows, count - first));
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
