using System.Globalization;
using System.Runtime.CompilerServices;

namespace Vectron.Index.Ingestion;

/// <summary>
/// Parses a JSON number (already validated by <see cref="System.Text.Json.Utf8JsonReader"/>) straight from UTF-8 to
/// the correctly rounded <see cref="float"/>, several times faster than <c>Utf8JsonReader.TryGetSingle</c>, which
/// dominated the bulk vector path's CPU (docs/benchmarks.md "Bulk ingestion").
/// </summary>
/// <remarks>
/// Fast path (Clinger): a mantissa of at most 19 significant digits that is below 2^53 and a decimal exponent within
/// ±22 make <c>mantissa * 10^e</c> (or <c>/ 10^-e</c>) one correctly rounded double operation. Rounding that double to
/// float is then exact unless the double sits on a float rounding midpoint (its 29 dropped bits are 1000...0), since
/// any midpoint between the true value and the double would have to be that double. Everything else (long mantissas,
/// large exponents, midpoints) goes to <see cref="float.Parse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?)"/>.
/// </remarks>
internal static class Utf8Single
{
    private const ulong MaxExactMantissa = 1UL << 53;
    private const int MaxExactPower = 22;
    private const ulong DroppedBitsMask = (1UL << 29) - 1;
    private const ulong Midpoint = 1UL << 28;

    private static readonly double[] PowersOfTen =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    /// <summary>The float nearest to the JSON number <paramref name="utf8"/> (ties to even), as <c>float.Parse</c> gives.</summary>
    public static float Parse(ReadOnlySpan<byte> utf8)
    {
        int i = 0;
        bool negative = utf8.Length > 0 && utf8[0] == (byte)'-';
        if (negative)
        {
            i++;
        }

        ulong mantissa = 0;
        int significant = 0;
        int exponent = 0;
        for (; i < utf8.Length && IsDigit(utf8[i]); i++)
        {
            if (!Accumulate(ref mantissa, ref significant, utf8[i]))
            {
                return Slow(utf8);
            }
        }

        if (i < utf8.Length && utf8[i] == (byte)'.')
        {
            for (i++; i < utf8.Length && IsDigit(utf8[i]); i++)
            {
                if (!Accumulate(ref mantissa, ref significant, utf8[i]))
                {
                    return Slow(utf8);
                }

                exponent--;
            }
        }

        if (i < utf8.Length && (utf8[i] | 0x20) == (byte)'e')
        {
            if (++i == utf8.Length)
            {
                return Slow(utf8);
            }

            bool negativeExponent = utf8[i] == (byte)'-';
            if (utf8[i] is (byte)'-' or (byte)'+')
            {
                i++;
            }

            int written = 0;
            for (; i < utf8.Length && IsDigit(utf8[i]); i++)
            {
                if (written > 1000)
                {
                    return Slow(utf8);
                }

                written = (written * 10) + (utf8[i] - '0');
            }

            exponent += negativeExponent ? -written : written;
        }

        if (i != utf8.Length)
        {
            return Slow(utf8);
        }

        if (mantissa == 0)
        {
            return negative ? -0f : 0f;
        }

        if (mantissa > MaxExactMantissa || exponent is < -MaxExactPower or > MaxExactPower)
        {
            return Slow(utf8);
        }

        double value = exponent < 0 ? mantissa / PowersOfTen[-exponent] : mantissa * PowersOfTen[exponent];
        ulong dropped = BitConverter.DoubleToUInt64Bits(value) & DroppedBitsMask;
        if (dropped is >= Midpoint - 1 and <= Midpoint + 1)
        {
            return Slow(utf8);
        }

        return negative ? -(float)value : (float)value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    /// <summary>Adds one digit; false when the mantissa would pass 19 significant digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Accumulate(ref ulong mantissa, ref int significant, byte digit)
    {
        if (mantissa != 0 || digit != (byte)'0')
        {
            if (++significant > 19)
            {
                return false;
            }
        }

        mantissa = (mantissa * 10) + (uint)(digit - '0');
        return true;
    }

    private static float Slow(ReadOnlySpan<byte> utf8) => float.Parse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture);
}
