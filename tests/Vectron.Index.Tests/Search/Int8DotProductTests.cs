using Vectron.Index.Search;

namespace Vectron.Index.Tests.Search;

public sealed class Int8DotProductTests
{
    public static TheoryData<string> AcceleratedPaths => KernelPaths.Accelerated();

    [Theory]
    [MemberData(nameof(AcceleratedPaths))]
    public void Score_RandomDimensionsAndOffsets_EqualsScalarExactly(string forcedPath)
    {
        KernelPath forced = Enum.Parse<KernelPath>(forcedPath);
        var random = new Random(3000 + (int)forced);
        for (int testCase = 0; testCase < 600; testCase++)
        {
            // Every dimension count up to 160 (all tail lengths of a 64-code vector, with and without a second
            // vector), then random ones up to 1,100.
            int dimensions = testCase < 160 ? testCase + 1 : random.Next(1, 1101);
            int rowCount = random.Next(1, 6);
            int offset = random.Next(0, 7);
            sbyte[] query = RandomCodes(random, dimensions);
            // Rows starting off the 64-byte grid: the kernels must not rely on alignment.
            sbyte[] buffer = new sbyte[offset + (rowCount * dimensions)];
            RandomCodes(random, rowCount * dimensions).CopyTo(buffer, offset);
            ReadOnlySpan<sbyte> rows = buffer.AsSpan(offset);
            var expected = new int[rowCount];
            var actual = new int[rowCount];
            KernelPath path = DotProduct.Resolve(forced, dimensions);

            for (int row = 0; row < rowCount; row++)
            {
                ReadOnlySpan<sbyte> codes = rows.Slice(row * dimensions, dimensions);
                expected[row] = Int8DotProduct.Score(KernelPath.Scalar, query, codes);
                actual[row] = Int8DotProduct.Score(path, query, codes);
            }

            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{path} dims {dimensions}: [{string.Join(", ", actual)}] vs scalar [{string.Join(", ", expected)}]");
        }
    }

    [Theory]
    [MemberData(nameof(AcceleratedPaths))]
    public void Score_ExtremeCodes_EqualsScalarExactly(string forcedPath)
    {
        // All codes at +-127: the largest products, where a short accumulator would overflow.
        KernelPath forced = Enum.Parse<KernelPath>(forcedPath);
        var random = new Random(4000 + (int)forced);
        for (int testCase = 0; testCase < 200; testCase++)
        {
            int dimensions = random.Next(1, 1101);
            sbyte[] query = [.. Enumerable.Range(0, dimensions).Select(_ => (sbyte)(random.Next(2) == 0 ? -127 : 127))];
            sbyte[] row = [.. Enumerable.Range(0, dimensions).Select(_ => (sbyte)(random.Next(2) == 0 ? -127 : 127))];
            KernelPath path = DotProduct.Resolve(forced, dimensions);

            Assert.Equal(Int8DotProduct.Score(KernelPath.Scalar, query, row), Int8DotProduct.Score(path, query, row));
        }
    }

    [Fact]
    public void Quantize_RandomVectors_ReconstructsWithinHalfAStep()
    {
        var random = new Random(5000);
        for (int testCase = 0; testCase < 200; testCase++)
        {
            int dimensions = random.Next(1, 1101);
            float[] vector = RandomVectors.Normalised(random, 1, dimensions);
            var codes = new sbyte[dimensions];

            float scale = Int8Quantizer.Quantize(vector, codes);

            Assert.Equal(vector.Max(Math.Abs) / Int8Quantizer.MaxCode, scale, 1e-6f);
            for (int i = 0; i < dimensions; i++)
            {
                Assert.InRange(codes[i], -Int8Quantizer.MaxCode, Int8Quantizer.MaxCode);
                Assert.True(Math.Abs(vector[i] - (codes[i] * scale)) <= (scale * 0.5f) + 1e-7f, $"dims {dimensions} [{i}]");
            }
        }
    }

    private static sbyte[] RandomCodes(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => (sbyte)random.Next(-Int8Quantizer.MaxCode, Int8Quantizer.MaxCode + 1))];
}
