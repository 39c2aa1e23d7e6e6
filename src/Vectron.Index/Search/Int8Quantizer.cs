namespace Vectron.Index.Search;

/// <summary>Symmetric scalar quantization with one scale per vector: <c>code = round(x / scale)</c> with
/// <c>scale = max|x| / 127</c>, so <c>x ≈ code * scale</c> and <c>dot(a, b) ≈ scaleA * scaleB * dot(codeA, codeB)</c>.
/// Codes stay in [-127, 127], which the int8 kernels rely on.</summary>
internal static class Int8Quantizer
{
    /// <summary>The largest code magnitude.</summary>
    public const int MaxCode = 127;

    /// <summary>Writes the codes of <paramref name="vector"/> and returns its scale (0 for a zero vector).</summary>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        if (codes.Length != vector.Length)
        {
            throw new ArgumentException("Codes and vector lengths differ.", nameof(codes));
        }

        float max = 0;
        foreach (float x in vector)
        {
            max = Math.Max(max, Math.Abs(x));
        }

        if (max == 0 || !float.IsFinite(max))
        {
            codes.Clear();
            return 0;
        }

        float inverse = MaxCode / max;
        for (int i = 0; i < vector.Length; i++)
        {
            codes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] * inverse), -MaxCode, MaxCode);
        }

        return max / MaxCode;
    }
}
