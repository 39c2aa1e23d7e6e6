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

    /// <summary>Creates the container on first use. Concurrent first calls may both ask; the call is idempotent.</summary>
    public async Task EnsureContainerAsync(CancellationToken cancellationToken = default)
    {
        if (!_containerReady)
        {
            await StorageFailures.GuardAsync(() => Container.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken), cancellationToken);
            _containerReady = true;
        }
    }
}
