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

    /// <summary>
    /// The message alone: <see cref="ArgumentException"/> would append " (Parameter 'field')", but the field is
    /// carried by <see cref="Field"/>, and an HTTP problem shows the message to clients as written.
    /// </summary>
    public override string Message => string.IsNullOrEmpty(Field) ? base.Message : MessageWithoutField;

    private string MessageWithoutField
    {
        get
        {
            var message = base.Message;
            var suffix = $" (Parameter '{Field}')";
            return message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
        }
    }
}
