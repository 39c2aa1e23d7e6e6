namespace Vectron.Index.Embedding;

/// <summary>The configured model or vocabulary exists but cannot be used (not an ONNX model, unexpected inputs or outputs, empty vocabulary).</summary>
public sealed class EmbeddingModelException : Exception
{
    /// <summary>Creates the exception for the file at <paramref name="path"/>.</summary>
    public EmbeddingModelException(string path, string message, Exception? innerException = null)
        : base($"{message} ({path})", innerException)
    {
        Path = path;
    }

    /// <summary>The model or vocabulary file at fault.</summary>
    public string Path { get; }
}
