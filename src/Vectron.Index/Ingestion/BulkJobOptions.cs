namespace Vectron.Index.Ingestion;

/// <summary>How the uploaded body is compressed.</summary>
public enum BulkCompression
{
    /// <summary>Gzip when the body starts with the gzip magic bytes, plain otherwise.</summary>
    Auto,
    None,
    Gzip,
}

/// <summary>Per-upload choices of <see cref="IBulkIngestion.StartJobAsync"/>.</summary>
/// <param name="Compression">What the caller says (for example from <c>Content-Encoding: gzip</c>); default: detect.</param>
public sealed record BulkJobOptions(BulkCompression Compression = BulkCompression.Auto);
