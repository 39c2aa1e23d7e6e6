namespace Vectron.Index.Collections;

/// <summary>
/// Input broke one of Vectron's rules. <see cref="Field"/> names the offending field (for example
/// <c>documents[3].vector</c>) so an HTTP layer can answer 400 with a field-level message without repeating the rule.
/// </summary>
public sealed class VectronValidationException : ArgumentException
{
    public VectronValidationException(string field, string message)
        : base(message, field)
    {
        Field = field;
    }

    public VectronValidationException()
    {
        Field = string.Empty;
    }

    public VectronValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
    }

    /// <summary>The field that failed validation, as a JSON-style path.</summary>
    public string Field { get; }
}
