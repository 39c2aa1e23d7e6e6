namespace Vectron.Index.Collections;

/// <summary>
/// Blob storage stayed throttled or unreachable after the configured retries. Nothing was half-written: a write
/// either landed whole or not at all. Callers should retry after <see cref="RetryAfter"/> (HTTP 503 + Retry-After).
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(string message, TimeSpan retryAfter, Exception? innerException)
        : base(message, innerException)
    {
        RetryAfter = retryAfter;
    }

    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>How long the caller should wait before trying again.</summary>
    public TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(5);
}
