using Vectron.Index.Search;

namespace Vectron.Index.Tests.Search;

public sealed class BinaryCodeTests
{
    [Fact]
    public void DistanceRows_RandomDimensions_EqualsBitByBitCount()
    {
        var random = new Random(6000);
        for (int testCase = 0; testCase < 600; testCase++)
        {
            // Every dimension count up to 200 (all tail lengths of a 64-bit word), then random ones up to 1,100.
            int dimensions = testCase < 200 ? testCase + 1 : random.Next(1, 1101);
            // Up to 40 rows: several passes of the 8-row vector path and every length of its tail.
            int rowCount = random.Next(1, 41);
            int words = BinaryQuantizer.WordsPerRow(dimensions);
            float[] query = RandomVectors.Normalised(random, 1, dimensions);
            float[] rows = RandomVectors.Normalised(random, rowCount, dimensions);
            var queryBits = new ulong[words];
            var rowBits = new ulong[rowCount * words];
            BinaryQuantizer.Encode(query, queryBits);
            for (int row = 0; row < rowCount; row++)
            {
                BinaryQuantizer.Encode(rows.AsSpan(row * dimensions, dimensions), rowBits.AsSpan(row * words, words));
            }

            var distances = new ushort[rowCount];
            HammingDistance.DistanceRows(queryBits, rowBits, distances);
            var scalarDistances = new ushort[rowCount];
            HammingDistance.DistanceRows(queryBits, rowBits, scalarDistances, vectorize: false);

            for (int row = 0; row < rowCount; row++)
            {
                int expected = 0;
                for (int i = 0; i < dimensions; i++)
                {
                    expected += (query[i] > 0) != (rows[(row * dimensions) + i] > 0) ? 1 : 0;
                }

                Assert.Equal(expected, distances[row]);
                Assert.Equal(expected, scalarDistances[row]);
                Assert.Equal(expected, HammingDistance.Distance(queryBits, rowBits.AsSpan(row * words, words)));
            }
        }
    }

    [Fact]
    public void Encode_RandomVectors_SetsOnlyBitsOfPositiveDimensions()
    {
        var random = new Random(6100);
        for (int testCase = 0; testCase < 300; testCase++)
        {
            int dimensions = random.Next(1, 1101);
            float[] vector = RandomVectors.Normalised(random, 1, dimensions);
            var bits = new ulong[BinaryQuantizer.WordsPerRow(dimensions)];

            BinaryQuantizer.Encode(vector, bits);

            for (int i = 0; i < bits.Length * 64; i++)
            {
                bool set = (bits[i / 64] & (1UL << (i % 64))) != 0;
                Assert.Equal(i < dimensions && vector[i] > 0, set);
            }
        }
    }
}
