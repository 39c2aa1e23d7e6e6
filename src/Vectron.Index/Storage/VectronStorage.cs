using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Vectron.Index.Collections;

namespace Vectron.Index.Storage;

/// <summary>
/// What every storage component of one instance shares: the validated options, the container client (with the
/// retry policy), this instance's clock and writer tag. One per process.
/// </summary>
public sealed class VectronStorage
{
    private readonly DownloadCounter _downloads = new();
    private volatile bool _containerReady;

    public VectronStorage(VectronStorageOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Time = time ?? TimeProvider.System;
        Clock = new HybridLogicalClock(Time);
        WriterTag = RecordVersion.TagOf(options.WriterId);
        var clientOptions = new BlobClientOptions();
        options.ApplyRetryPolicy(clientOptions);
        clientOptions.AddPolicy(_downloads, HttpPipelinePosition.PerRetry);
        BlobServiceClient service = options.ConnectionString is { Length: > 0 } connectionString
            ? new BlobServiceClient(connectionString, clientOptions)
            : new BlobServiceClient(options.ServiceUri, options.Credential, clientOptions);
        Container = service.GetBlobContainerClient(options.ContainerName);
    }

    public VectronStorageOptions Options { get; }

    public BlobContainerClient Container { get; }

    public TimeProvider Time { get; }

    public HybridLogicalClock Clock { get; }

    public ulong WriterTag { get; }

    /// <summary>Response bytes of every GET this instance made (blob reads and listings), retries included.</summary>
    public long BytesDownloaded => _downloads.Bytes;

    /// <summary>GET requests (blob reads and listings) this instance made, retries included.</summary>
    public long GetRequests => _downloads.Requests;

    /// <summary>HEAD requests (blob properties, such as the change marker's) this instance made, retries included.</summary>
    public long HeadRequests => _downloads.HeadRequests;

    /// <summary>Creates the container on first use. Concurrent first calls may both ask; the call is idempotent.</summary>
    public async Task EnsureContainerAsync(CancellationToken cancellationToken = default)
    {
        if (!_containerReady)
        {
            await StorageFailures.GuardAsync(() => Container.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken), cancellationToken);
            _containerReady = true;
        }
    }

    /// <summary>
    /// Downloads <paramref name="length"/> bytes of <paramref name="blobName"/> from <paramref name="offset"/> and hands
    /// the response stream to <paramref name="read"/>; failures while downloading or reading are classified as
    /// <see cref="StorageFailures"/> says (404 and other non-transient errors pass through as they are).
    /// </summary>
    internal Task<T> ReadRangeAsync<T>(string blobName, long offset, long length, Func<Stream, Task<T>> read, CancellationToken cancellationToken) =>
        StorageFailures.GuardAsync(
            async () =>
            {
                Response<BlobDownloadStreamingResult> response = await Container.GetBlobClient(blobName).DownloadStreamingAsync(
                    new BlobDownloadOptions { Range = new HttpRange(offset, length) }, cancellationToken);
                using Stream content = response.Value.Content;
                return await read(content);
            },
            cancellationToken);
}
