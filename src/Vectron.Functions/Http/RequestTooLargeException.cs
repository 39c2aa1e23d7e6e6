namespace Vectron.Functions.Http;

/// <summary>
/// A request body is larger than its route allows (<see cref="ApiLimits"/>): claimed by <c>Content-Length</c>, so
/// nothing was read, or found while reading, which stops one byte past the limit. Answered 413 by <see cref="Problems"/>.
/// </summary>
public sealed class RequestTooLargeException : Exception
{
    public RequestTooLargeException(long maxBytes)
        : base($"The request body is larger than {maxBytes} bytes.")
    {
        MaxBytes = maxBytes;
    }

    public RequestTooLargeException()
        : this(ApiLimits.MaxJsonBodyBytes)
    {
    }

    public RequestTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The route's limit, in bytes.</summary>
    public long MaxBytes { get; }
}
