using System.Buffers;
using Azure.Core;
using Microsoft.Extensions.Options;
using Vectron.Index.Storage;

namespace Vectron.Index.Collections;

/// <summary>
/// Settings of Vectron's blob storage. Either <see cref="ConnectionString"/> (Azurite, shared key) or
/// <see cref="ServiceUri"/> + <see cref="Credential"/> (managed identity). Validated once at start-up.
/// </summary>
public sealed class VectronStorageOptions
{
    private static readonly SearchValues<char> WriterIdChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    public string? ConnectionString { get; set; }

    /// <summary>Blob service endpoint, e.g. <c>https://account.blob.core.windows.net</c>; used with <see cref="Credential"/>.</summary>
    public Uri? ServiceUri { get; set; }

    public TokenCredential? Credential { get; set; }

    public string ContainerName { get; set; } = "vectron";

    /// <summary>
    /// This instance's writer id: names its log blobs and breaks timestamp ties. Lower-case letters, digits and '-',
    /// at most 48 characters. Default: the machine or instance name plus a random suffix, so instances never share one.
    /// </summary>
    public string WriterId { get; set; } = DefaultWriterId();

    /// <summary>A log blob rolls to the next one when an append would take it past this size.</summary>
    public long LogRollBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Uncompacted log bytes in a collection above which a write starts a background compaction.</summary>
    public long CompactionThresholdBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>How long superseded segments and logs are kept after compaction, for readers of the old manifest.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long compaction keeps a delete tombstone. It must outlast the slowest write that a delete overrides (a write
    /// stamped before the delete whose append lands after a compaction has passed that log); an hour is ample.
    /// </summary>
    public TimeSpan TombstoneRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Compaction seals a log nobody appended to for this long (its instance has probably gone), so that a later
    /// compaction can retire it. A live writer whose log was sealed just rolls to a new one.
    /// </summary>
    public TimeSpan IdleLogSealAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows per sealed segment written by compaction. Compaction holds one input and one output segment in
    /// memory at a time, so this bounds its memory: at 384 dimensions 16,384 rows are about 33 MB of segment. It was
    /// 32,768 until the write-path compaction's transient alone took the service over its memory budget at 100k rows
    /// (docs/reliability.md, "Memory"); query time does not depend on it measurably (docs/architecture.md, "Storage").</summary>
    public int MaxSegmentRows { get; set; } = 16_384;

    /// <summary>Retries of a throttled or failed storage call (exponential backoff) before StorageUnavailableException.</summary>
    public int MaxRetries { get; set; } = 5;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of one storage request attempt.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gives an Azure SDK client (blob, queue) this retry policy: exponential backoff with these settings.</summary>
    public void ApplyRetryPolicy(ClientOptions clientOptions)
    {
        ArgumentNullException.ThrowIfNull(clientOptions);
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = MaxRetries;
        clientOptions.Retry.Delay = RetryDelay;
        clientOptions.Retry.MaxDelay = MaxRetryDelay;
        clientOptions.Retry.NetworkTimeout = NetworkTimeout;
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        bool hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasConnectionString == (ServiceUri is not null))
        {
            errors.Add("Set exactly one of ConnectionString (app setting Vectron__Storage) or ServiceUri (app setting Vectron__Storage__blobServiceUri).");
        }

        if (ServiceUri is not null && Credential is null)
        {
            errors.Add("ServiceUri needs a Credential (for example a managed identity).");
        }

        if (!CollectionName.IsValid(ContainerName))
        {
            errors.Add($"ContainerName '{ContainerName}' must be 3-63 lower-case letters, digits or '-'.");
        }

        if (string.IsNullOrEmpty(WriterId) || WriterId.Length > 48 || WriterId.AsSpan().ContainsAnyExcept(WriterIdChars))
        {
            errors.Add($"WriterId '{WriterId}' must be 1-48 lower-case letters, digits or '-'.");
        }

        if (LogRollBytes < LogFormat.MaxAppendBytes)
        {
            errors.Add($"LogRollBytes must be at least {LogFormat.MaxAppendBytes} (one append).");
        }

        if (CompactionThresholdBytes < 1)
        {
            errors.Add("CompactionThresholdBytes must be positive.");
        }

        if (GracePeriod < TimeSpan.Zero)
        {
            errors.Add("GracePeriod must not be negative.");
        }

        if (TombstoneRetention < TimeSpan.Zero || IdleLogSealAfter < TimeSpan.Zero)
        {
            errors.Add("TombstoneRetention and IdleLogSealAfter must not be negative.");
        }

        if (MaxSegmentRows < 1)
        {
            errors.Add("MaxSegmentRows must be positive.");
        }

        if (MaxRetries < 0 || RetryDelay <= TimeSpan.Zero || MaxRetryDelay < RetryDelay || NetworkTimeout <= TimeSpan.Zero)
        {
            errors.Add("Retry settings: MaxRetries >= 0, RetryDelay > 0, MaxRetryDelay >= RetryDelay, NetworkTimeout > 0.");
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(VectronStorageOptions), typeof(VectronStorageOptions), errors);
        }
    }

    public static string DefaultWriterId()
    {
        string host = Environment.GetEnvironmentVariable("WEBSITE_INSTANCE_ID") ?? Environment.MachineName;
        var cleaned = new string(host.ToLowerInvariant().Where(c => WriterIdChars.Contains(c)).Take(24).ToArray());
        return $"{(cleaned.Length == 0 ? "w" : cleaned)}-{Guid.NewGuid().ToString("N")[..8]}";
    }
}
