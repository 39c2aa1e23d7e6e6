namespace Vectron.Index.Collections;

/// <summary>
/// Blob storage stayed unavailable or throttled after the retries; nothing half-written was left behind.
/// The caller may try again after <see cref="RetryAfter"/>.
/// </summary>
public class StorageUnavailableException : VectronException
{
    /// <summary>The wait suggested when the cause gives no better hint.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    public StorageUnavailableException(string message, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        RetryAfter = retryAfter ?? DefaultRetryAfter;
    }

    /// <summary>How long the caller should wait before trying again.</summary>
    public TimeSpan RetryAfter { get; }
}
