using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Vectron.Functions.Health;

/// <summary>Asks blob storage a cheap question with a short deadline, to tell "reachable" from "not".</summary>
public sealed partial class StorageProbe(BlobContainerClient container, IOptions<HealthOptions> options, ILogger<StorageProbe> logger)
{
    /// <summary>
    /// True when the container could be checked for existence (it need not exist yet) within the probe timeout.
    /// A data-plane call is used on purpose: it works with the blob data roles a managed identity has.
    /// </summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken = default)
    {
        var timeout = options.Value.ProbeTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await container.ExistsAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnreachable(logger, $"no answer within {timeout}");
            return false;
        }
        catch (Exception exception) when (exception is RequestFailedException or AggregateException or HttpRequestException)
        {
            LogUnreachable(logger, exception.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob storage is unreachable: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string reason);
}
