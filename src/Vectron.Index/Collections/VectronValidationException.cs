namespace Vectron.Index.Collections;

/// <summary>The caller's input is invalid; nothing was changed. <see cref="Field"/> names the offending input.</summary>
public class VectronValidationException : VectronException
{
    public VectronValidationException(string field, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        Field = field;
    }

    /// <summary>The input that is wrong, as the caller wrote it: a JSON path such as <c>texts[2]</c>, or a header name.</summary>
    public string Field { get; }
}
