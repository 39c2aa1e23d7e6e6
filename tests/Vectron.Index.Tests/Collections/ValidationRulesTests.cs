using Vectron.Index.Collections;

namespace Vectron.Index.Tests.Collections;

public sealed class ValidationRulesTests
{
    [Theory]
    [InlineData("abc", true)]
    [InlineData("a-1", true)]
    [InlineData("ab", false)]
    [InlineData("ABC", false)]
    [InlineData("a_b", false)]
    [InlineData("a.b", false)]
    [InlineData("../x", false)]
    [InlineData("", false)]
    public void CollectionNameIsValid_Examples_MatchRule(string name, bool valid)
    {
        Assert.Equal(valid, CollectionName.IsValid(name));
    }

    [Fact]
    public void CollectionNameIsValid_LengthBounds_AreThreeToSixtyThree()
    {
        Assert.True(CollectionName.IsValid(new string('a', 63)));
        Assert.False(CollectionName.IsValid(new string('a', 64)));
    }

    [Fact]
    public void Normalize_RandomVectors_HaveUnitLengthAndSameDirection()
    {
        var random = new Random(31);
        for (int round = 0; round < 500; round++)
        {
            int dimensions = random.Next(1, 400);
            float scale = (float)Math.Pow(10, random.Next(-20, 20));
            float[] vector = Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() - 0.5) * scale).ToArray();
            if (vector.All(v => v == 0))
            {
                continue;
            }

            float[] normalized = VectorRules.Normalize(vector, dimensions);

            double norm = Math.Sqrt(normalized.Sum(v => (double)v * v));
            Assert.InRange(norm, 0.9999, 1.0001);
            int largest = Array.IndexOf(vector, vector.MaxBy(Math.Abs));
            Assert.Equal(Math.Sign(vector[largest]), Math.Sign(normalized[largest]));
        }
    }

    [Fact]
    public void Normalize_NaNInfinityZeroOrWrongLength_ThrowsOnField()
    {
        float[][] bad = [[float.NaN, 1], [1, float.NegativeInfinity], [0, 0], [1, 2, 3]];

        foreach (float[] vector in bad)
        {
            var error = Assert.Throws<VectronValidationException>(() => VectorRules.Normalize(vector, 2, "documents[0].vector"));
            Assert.Equal("documents[0].vector", error.Field);
        }
    }
}
