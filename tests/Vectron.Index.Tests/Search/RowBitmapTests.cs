using Vectron.Index.Search;

namespace Vectron.Index.Tests.Search;

public sealed class RowBitmapTests
{
    [Fact]
    public void IntersectWithAndCopyTo_RandomBitmaps_MatchBooleanArrays()
    {
        var random = new Random(7000);
        for (int testCase = 0; testCase < 500; testCase++)
        {
            bool[] left = RandomBits(random, random.Next(0, 300));
            bool[] right = RandomBits(random, random.Next(0, 300));
            int copyLength = random.Next(0, 300);

            RowBitmap bitmap = ToBitmap(left).CopyTo(copyLength);
            bitmap.IntersectWith(ToBitmap(right));

            Assert.Equal(copyLength, bitmap.Length);
            for (int row = 0; row < copyLength; row++)
            {
                bool expected = row < left.Length && left[row] && (row >= right.Length || right[row]);
                Assert.True(expected == bitmap[row], $"case {testCase} row {row}");
            }

            Assert.Equal(Enumerable.Range(0, copyLength).Count(row => bitmap[row]), bitmap.CountSet());
        }
    }

    [Fact]
    public void Constructor_AllSet_SetsExactlyLengthRows()
    {
        for (int length = 0; length < 200; length++)
        {
            Assert.Equal(length, new RowBitmap(length, allSet: true).CountSet());
        }
    }

    private static bool[] RandomBits(Random random, int length) => [.. Enumerable.Range(0, length).Select(_ => random.Next(2) == 0)];

    private static RowBitmap ToBitmap(bool[] bits)
    {
        var bitmap = new RowBitmap(bits.Length);
        for (int row = 0; row < bits.Length; row++)
        {
            bitmap[row] = bits[row];
        }

        return bitmap;
    }
}
