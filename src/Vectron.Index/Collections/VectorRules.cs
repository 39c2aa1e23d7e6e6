namespace Vectron.Index.Collections;

/// <summary>The one home of the vector rules: right length, finite, not zero; stored L2-normalised.</summary>
public static class VectorRules
{
    /// <summary>Validates <paramref name="vector"/> and returns a normalised copy.</summary>
    public static float[] Normalize(ReadOnlySpan<float> vector, int dimensions, string field = "vector")
    {
        double norm = Validate(vector, dimensions, field);
        var normalized = new float[vector.Length];
        for (int i = 0; i < vector.Length; i++)
        {
            normalized[i] = (float)(vector[i] / norm);
        }

        return normalized;
    }

    /// <summary>
    /// Throws <see cref="VectronValidationException"/> unless <paramref name="vector"/> can be stored; returns its L2
    /// norm. Checking without copying lets bulk reject one bad line before it joins a batch.
    /// </summary>
    public static double Validate(ReadOnlySpan<float> vector, int dimensions, string field = "vector")
    {
        if (vector.Length != dimensions)
        {
            throw new VectronValidationException(field, $"The vector has {vector.Length} dimensions; the collection has {dimensions}.");
        }

        foreach (float value in vector)
        {
            if (!float.IsFinite(value))
            {
                throw new VectronValidationException(field, "A vector must not contain NaN or infinity.");
            }
        }

        // Summing in double keeps tiny and huge components from underflowing or overflowing the norm.
        double sumOfSquares = 0;
        foreach (float value in vector)
        {
            sumOfSquares += (double)value * value;
        }

        double norm = Math.Sqrt(sumOfSquares);
        if (norm == 0 || !double.IsFinite(norm))
        {
            throw new VectronValidationException(field, "A zero vector has no direction and cannot be stored.");
        }

        return norm;
    }
}
