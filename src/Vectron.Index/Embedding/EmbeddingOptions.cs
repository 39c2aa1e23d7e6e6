namespace Vectron.Index.Embedding;

/// <summary>
/// Settings of the ONNX sentence-embedding model. The defaults select the bundled all-MiniLM-L6-v2 that the build
/// extracts under <c>AppContext.BaseDirectory/models/all-MiniLM-L6-v2/</c>; any BERT-family sentence-transformer
/// exported to ONNX (inputs <c>input_ids</c>, <c>attention_mask</c>, optional <c>token_type_ids</c>; output
/// <c>last_hidden_state</c>) with a WordPiece <c>vocab.txt</c> can be configured instead.
/// </summary>
public sealed class EmbeddingOptions
{
    /// <summary>Id of the bundled model, also the folder it is extracted to.</summary>
    public const string BundledModelId = "all-MiniLM-L6-v2";

    /// <summary>Name reported as the model id of every embedding (stored in collection manifests).</summary>
    public string ModelId { get; set; } = BundledModelId;

    /// <summary>Path of the ONNX model; <see langword="null"/> means the bundled one.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Path of the WordPiece vocabulary (one token per line); <see langword="null"/> means the bundled one.</summary>
    public string? VocabularyPath { get; set; }

    /// <summary>Model window in word pieces, [CLS] and [SEP] included; longer texts are truncated.</summary>
    public int MaxTokens { get; set; } = 256;

    /// <summary>Texts per inference call; larger batches amortise per-call cost, padding grows with them.</summary>
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>Lower-case (and, unless <see cref="StripAccents"/> says otherwise, strip accents) before WordPiece.</summary>
    public bool LowerCase { get; set; } = true;

    /// <summary>Strip accents (NFD, drop non-spacing marks); <see langword="null"/> follows <see cref="LowerCase"/>, as in BERT.</summary>
    public bool? StripAccents { get; set; }

    /// <summary>
    /// ONNX Runtime intra-op threads per inference call; <see langword="null"/> means one. A request's batches run side
    /// by side instead, as many at once as there are processors per intra-op thread, so a large request still uses
    /// every core while a one-text query takes a single core and leaves the others to the query's storage catch-up
    /// and to other requests (a second intra-op thread did not make a one-text embedding faster; docs/benchmarks.md,
    /// "One intra-op thread per batch").
    /// </summary>
    public int? IntraOpThreads { get; set; }

    /// <summary>
    /// Whether ONNX Runtime's intra-op threads spin while waiting for work. Off by default: on shared or busy cores
    /// (a consumption-plan instance, concurrent requests, a CI box) spinning threads take CPU from the ones doing the
    /// work, which measured about 2x slower at batch 8 on a loaded 2-core machine; turn it on for a dedicated machine.
    /// </summary>
    public bool AllowSpinning { get; set; }

    /// <summary>
    /// Arithmetic of the model: <see cref="EmbeddingPrecision.Float32"/> (default) runs the model as shipped;
    /// <see cref="EmbeddingPrecision.Int8"/> quantizes its MatMul weights in memory at load (nothing is written to
    /// disk) for faster inference, with embeddings that differ slightly from the fp32 ones (docs/benchmarks.md,
    /// "Embedding", gives the measured speed and cosine). Do not mix precisions within one collection.
    /// </summary>
    public EmbeddingPrecision Precision { get; set; } = EmbeddingPrecision.Float32;

    internal string ResolvedModelPath => ModelPath ?? Path.Combine(BundledDirectory, "model.onnx");

    internal string ResolvedVocabularyPath => VocabularyPath ?? Path.Combine(BundledDirectory, "vocab.txt");

    private static string BundledDirectory => Path.Combine(AppContext.BaseDirectory, "models", BundledModelId);
}
