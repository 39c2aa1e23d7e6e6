using Vectron.Index.Search;

namespace Vectron.Index.Tests.Search;

public sealed class DotProductTests
{
    private const float Tolerance = 1e-5f;

    public static TheoryData<string> AcceleratedPaths => KernelPaths.Accelerated();

    [Theory]
    [MemberData(nameof(AcceleratedPaths))]
    public void ScoreRows_RandomDimensions_MatchesScalarWithinTolerance(string forcedPath)
    {
        KernelPath forced = Enum.Parse<KernelPath>(forcedPath);
        var random = new Random(1000 + (int)forced);
        for (int testCase = 0; testCase < 600; testCase++)
        {
            // Every dimension count up to 80 (all tail lengths of every width), then random ones up to 1,100.
            int dimensions = testCase < 80 ? testCase + 1 : random.Next(1, 1101);
            int rowCount = random.Next(1, 10);
            int offset = random.Next(0, 7);
            float[] query = RandomVectors.Normalised(random, 1, dimensions);
            // Rows starting off the 64-byte grid: the kernels must not rely on alignment.
            float[] buffer = new float[offset + (rowCount * dimensions)];
            RandomVectors.Normalised(random, rowCount, dimensions).CopyTo(buffer, offset);
            ReadOnlySpan<float> rows = buffer.AsSpan(offset);
            var expected = new float[rowCount];
            var actual = new float[rowCount];
            KernelPath path = DotProduct.Resolve(forced, dimensions);

            DotProduct.ScoreRows(KernelPath.Scalar, query, rows, expected);
            DotProduct.ScoreRows(path, query, rows, actual);

            for (int row = 0; row < rowCount; row++)
            {
                Assert.True(
                    Math.Abs(expected[row] - actual[row]) <= Tolerance,
                    $"{path} dims {dimensions} row {row}/{rowCount}: {actual[row]} vs scalar {expected[row]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(AcceleratedPaths))]
    public void Score_RandomDimensions_MatchesScalarWithinTolerance(string forcedPath)
    {
        KernelPath forced = Enum.Parse<KernelPath>(forcedPath);
        var random = new Random(2000 + (int)forced);
        for (int testCase = 0; testCase < 600; testCase++)
        {
            int dimensions = testCase < 80 ? testCase + 1 : random.Next(1, 1101);
            float[] vectors = RandomVectors.Normalised(random, 2, dimensions);
            ReadOnlySpan<float> query = vectors.AsSpan(0, dimensions);
            ReadOnlySpan<float> row = vectors.AsSpan(dimensions);
            KernelPath path = DotProduct.Resolve(forced, dimensions);

            float expected = DotProduct.Score(KernelPath.Scalar, query, row);
            float actual = DotProduct.Score(path, query, row);

            Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{path} dims {dimensions}: {actual} vs scalar {expected}");
        }
    }

    [Fact]
    public void ScalarDot_RandomVectors_MatchesDoublePrecisionSum()
    {
        var random = new Random(3000);
        for (int testCase = 0; testCase < 300; testCase++)
        {
            int dimensions = random.Next(1, 1101);
            float[] vectors = RandomVectors.Normalised(random, 2, dimensions);
            double expected = 0;
            for (int i = 0; i < dimensions; i++)
            {
                expected += vectors[i] * (double)vectors[dimensions + i];
            }

            float actual = DotProduct.ScalarDot(vectors.AsSpan(0, dimensions), vectors.AsSpan(dimensions));

            Assert.True(Math.Abs(expected - actual) <= Tolerance, $"dims {dimensions}: {actual} vs {expected}");
        }
    }

    [Theory]
    [MemberData(nameof(AcceleratedPaths))]
    public void Resolve_AnyDimensions_NeverPicksAVectorWiderThanTheRow(string forcedPath)
    {
        KernelPath forced = Enum.Parse<KernelPath>(forcedPath);
        for (int dimensions = 1; dimensions <= 40; dimensions++)
        {
            KernelPath path = DotProduct.Resolve(forced, dimensions);

            Assert.True(KernelPaths.Width(path) <= dimensions, $"{forced} at {dimensions} dims resolved to {path}");
            Assert.True(KernelPaths.Width(path) <= KernelPaths.Width(forced), $"{forced} resolved to wider {path}");
        }
    }

    [Fact]
    public void Resolve_Scalar_StaysScalar()
    {
        Assert.Equal(KernelPath.Scalar, DotProduct.Resolve(KernelPath.Scalar, 384));
    }

    [Fact]
    public void ScoreRows_RowsNotAMultipleOfQuery_Throws()
    {
        Assert.Throws<ArgumentException>(() => DotProduct.ScoreRows(KernelPath.Scalar, new float[4], new float[7], new float[2]));
    }
}
