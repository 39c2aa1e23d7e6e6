using System.Globalization;
using System.Text;
using Vectron.Index.Ingestion;

namespace Vectron.Index.Tests.Ingestion;

public sealed class Utf8SingleTests
{
    [Fact]
    public void Parse_RoundTripFormatsOfRandomFloats_MatchFloatParseBitForBit()
    {
        var random = new Random(4242);
        string[] formats = ["R", "G9", "E8", "F6", "G3", "E2"];
        for (int i = 0; i < 200_000; i++)
        {
            float value = i % 2 == 0
                ? (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-12, 12)))
                : BitConverter.Int32BitsToSingle(random.Next() & 0x7F7FFFFF) * (random.Next(2) == 0 ? 1 : -1);
            AssertSameAsFloatParse(value.ToString(formats[i % formats.Length], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Parse_RandomDecimalStrings_MatchFloatParseBitForBit()
    {
        // Long mantissas, leading and trailing zeros, wide exponents: every branch, fast and slow.
        var random = new Random(99);
        var text = new StringBuilder();
        for (int i = 0; i < 200_000; i++)
        {
            text.Clear();
            if (random.Next(2) == 0)
            {
                text.Append('-');
            }

            text.Append(random.Next(4) == 0 ? "0" : Digits(random, random.Next(1, 24)));
            if (random.Next(3) > 0)
            {
                text.Append('.').Append(new string('0', random.Next(0, 4))).Append(Digits(random, random.Next(1, 24)));
            }

            if (random.Next(3) == 0)
            {
                text.Append(random.Next(2) == 0 ? 'e' : 'E').Append(random.Next(3) switch { 0 => "-", 1 => "+", _ => string.Empty }).Append(random.Next(0, 60));
            }

            AssertSameAsFloatParse(text.ToString());
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0.0e5")]
    [InlineData("1e39")]
    [InlineData("-1e39")]
    [InlineData("1e-46")]
    [InlineData("1.4e-45")]
    [InlineData("3.4028235e38")]
    [InlineData("16777217")]
    [InlineData("9007199254740993")]
    [InlineData("1.00000005960464477539062500000001")]
    [InlineData("12345678901234567890123")]
    public void Parse_EdgeCases_MatchFloatParseBitForBit(string json) => AssertSameAsFloatParse(json);

    [Fact]
    public void Parse_FloatMidpoints_MatchFloatParseBitForBit()
    {
        // Exact halfway points between neighbouring floats, written in full: ties must go to even.
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++)
        {
            float below = (float)(random.NextDouble() * Math.Pow(2, random.Next(-20, 20)));
            double halfway = ((double)below + MathF.BitIncrement(below)) / 2;
            AssertSameAsFloatParse(halfway.ToString("R", CultureInfo.InvariantCulture));
            AssertSameAsFloatParse(((decimal)halfway).ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string Digits(Random random, int count)
    {
        var digits = new char[count];
        for (int i = 0; i < count; i++)
        {
            digits[i] = (char)('0' + random.Next(10));
        }

        return new string(digits);
    }

    private static void AssertSameAsFloatParse(string number)
    {
        float expected = float.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
        float actual = Utf8Single.Parse(Encoding.ASCII.GetBytes(number));
        Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"'{number}': expected {expected:R}, got {actual:R}");
    }
}
