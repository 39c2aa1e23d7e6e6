using Vectron.Index.Search;

namespace Vectron.Index.Tests.Search;

public sealed class VectorBlockTests
{
    [Fact]
    public unsafe void Constructor_AnySize_FirstRowIs64ByteAligned()
    {
        var random = new Random(6000);
        for (int testCase = 0; testCase < 200; testCase++)
        {
            var block = new VectorBlock(random.Next(1, 400), random.Next(1, 50));
            block.TryAppend("a", new float[block.Dimensions]);

            fixed (float* first = block.GetRows(1))
            {
                Assert.Equal(0, (long)first % VectorBlock.Alignment);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(384)]
    public void PrefetchCodes_EveryRowOfAFullBlock_LeavesCodesUnchanged(int dimensions)
    {
        var block = new VectorBlock(dimensions, 5);
        float[] vectors = RandomVectors.Normalised(new Random(6050), 5, dimensions);
        for (int row = 0; row < 5; row++)
        {
            Assert.True(block.TryAppend($"r{row}", vectors.AsSpan(row * dimensions, dimensions)));
        }

        sbyte[] before = block.GetCodes(5).ToArray();
        for (int row = 0; row < 5; row++)
        {
            block.PrefetchCodes(row);
        }

        Assert.Equal(before, block.GetCodes(5).ToArray());
    }

    [Fact]
    public void TryAppend_RandomRows_ReadBackUnchanged()
    {
        var random = new Random(6100);
        var block = new VectorBlock(7, 30);
        float[] vectors = RandomVectors.Normalised(random, 30, 7);
        for (int row = 0; row < 30; row++)
        {
            Assert.True(block.TryAppend($"r{row}", vectors.AsSpan(row * 7, 7)));
        }

        for (int row = 0; row < 30; row++)
        {
            Assert.Equal($"r{row}", block.GetId(row));
            Assert.Equal(vectors.AsSpan(row * 7, 7), block.GetVector(row));
        }
    }

    [Fact]
    public void TryAppend_FullBlock_ReturnsFalseAndKeepsCount()
    {
        var block = new VectorBlock(2, 1);
        Assert.True(block.TryAppend("a", [1, 0]));

        Assert.False(block.TryAppend("b", [0, 1]));
        Assert.Equal(1, block.Count);
    }

    [Fact]
    public void TryAppend_WrongDimensions_Throws()
    {
        Assert.Throws<ArgumentException>(() => new VectorBlock(3, 1).TryAppend("a", [1, 0]));
    }

    [Fact]
    public void GetId_RowNotYetAppended_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VectorBlock(3, 4).GetId(0));
    }
}
