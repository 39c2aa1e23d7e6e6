namespace Vectron.Index.Collections;

/// <summary>Similarity measure of a collection. Vectors are normalised at write time, so cosine is a dot product.</summary>
public enum DistanceMetric
{
    Cosine = 0,
}
