using Azure;
using Vectron.Index.Collections;

namespace Vectron.Index.Storage;

/// <summary>The one home of how storage errors are classified and turned into Vectron's typed exceptions.</summary>
internal static class StorageFailures
{
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    public static bool IsConditionFailed(RequestFailedException ex) => ex.Status == 412;

    /// <summary>Conditional create lost the race: Azure answers 412, Azurite 409 BlobAlreadyExists.</summary>
    public static bool IsAlreadyExists(RequestFailedException ex) => ex.Status is 409 or 412;

    public static bool IsNotFound(RequestFailedException ex) => ex.Status == 404;

    public static bool IsTransient(RequestFailedException ex) => ex.Status is 0 or 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>Runs a storage operation; throttling, outages and timeouts left after the SDK's retries become
    /// <see cref="StorageUnavailableException"/>.</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation();
        }
        catch (RequestFailedException ex) when (IsTransient(ex))
        {
            throw Unavailable(ex);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(IsTransientFailure))
        {
            throw Unavailable(ex);
        }
        catch (HttpRequestException ex)
        {
            throw Unavailable(ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(ex);
        }
    }

    public static async Task GuardAsync(Func<Task> operation, CancellationToken cancellationToken)
    {
        await GuardAsync(
            async () =>
            {
                await operation();
                return true;
            },
            cancellationToken);
    }

    private static bool IsTransientFailure(Exception ex) => ex switch
    {
        RequestFailedException request => IsTransient(request),
        HttpRequestException or TimeoutException or OperationCanceledException or IOException => true,
        _ => false,
    };

    private static StorageUnavailableException Unavailable(Exception ex)
    {
        TimeSpan retryAfter = DefaultRetryAfter;
        if (ex is RequestFailedException request
            && request.GetRawResponse()?.Headers.TryGetValue("Retry-After", out string? header) == true
            && int.TryParse(header, out int seconds))
        {
            retryAfter = TimeSpan.FromSeconds(seconds);
        }

        return new StorageUnavailableException($"Blob storage is unavailable: {ex.Message}", retryAfter, ex);
    }
}
