namespace Vectron.Index.Embedding;

// The members name the arithmetic they select, which is what a setting like Vectron__Embedding__Precision=Int8 should say.
#pragma warning disable CA1720 // Identifier contains type name

/// <summary>Arithmetic of the model's matrix multiplications (see <see cref="EmbeddingOptions.Precision"/>).</summary>
public enum EmbeddingPrecision
{
    /// <summary>The model as shipped: fp32 throughout; embeddings match the reference implementation (cosine &gt;= 0.9999).</summary>
    Float32,

    /// <summary>
    /// Weights of every constant MatMul quantized to int8 at load (per output column, symmetric), activations quantized
    /// per call (ONNX Runtime's <c>DynamicQuantizeMatMul</c>): faster, at a small, measured cost in accuracy.
    /// </summary>
    Int8,
}
#pragma warning restore CA1720
