using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Vectron.Index.Collections;
using Vectron.Index.Ingestion;

namespace Vectron.Functions.Hosting;

/// <summary>
/// Reads the storage settings under the names the deployment writes (infra/app/api.bicep) into the engine's
/// <see cref="VectronStorageOptions"/>. The connection has the shape of a Functions connection named
/// <c>Vectron:Storage</c>, so a queue trigger can name the same connection: locally <c>Vectron__Storage</c> is a
/// connection string (Azurite); in Azure <c>Vectron__Storage__blobServiceUri</c> with <c>__clientId</c> of the
/// managed identity.
/// </summary>
public static class StorageSettings
{
    /// <summary>The connection's configuration section, also its Functions connection name.</summary>
    public const string ConnectionName = "Vectron:Storage";

    /// <summary>The container that holds every collection.</summary>
    public const string ContainerNameKey = "Vectron:ContainerName";

    public static void Apply(VectronStorageOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var connection = configuration.GetSection(ConnectionName);
        options.ConnectionString = connection.Value;
        if (connection["blobServiceUri"] is { Length: > 0 } serviceUri)
        {
            // An invalid URI is left for option validation to report with the other settings, not thrown here.
            options.ServiceUri = Uri.TryCreate(serviceUri, UriKind.Absolute, out var uri) ? uri : null;
            options.Credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = connection["clientId"] });
        }

        if (configuration[ContainerNameKey] is { Length: > 0 } containerName)
        {
            options.ContainerName = containerName;
        }

        ApplyTunables(options, connection);
    }

    /// <summary>
    /// The engine's retry and compaction settings may sit under the connection's section too
    /// (<c>Vectron__Storage__MaxRetries</c>, <c>__RetryDelay</c>, <c>__MaxRetryDelay</c>, <c>__NetworkTimeout</c>,
    /// <c>__CompactionThresholdBytes</c>, <c>__MaxSegmentRows</c>); read by name because the section also holds the connection's own values.
    /// </summary>
    private static void ApplyTunables(VectronStorageOptions options, IConfigurationSection connection)
    {
        options.MaxRetries = connection.GetValue(nameof(options.MaxRetries), options.MaxRetries);
        options.RetryDelay = connection.GetValue(nameof(options.RetryDelay), options.RetryDelay);
        options.MaxRetryDelay = connection.GetValue(nameof(options.MaxRetryDelay), options.MaxRetryDelay);
        options.NetworkTimeout = connection.GetValue(nameof(options.NetworkTimeout), options.NetworkTimeout);
        options.CompactionThresholdBytes = connection.GetValue(nameof(options.CompactionThresholdBytes), options.CompactionThresholdBytes);
        options.MaxSegmentRows = connection.GetValue(nameof(options.MaxSegmentRows), options.MaxSegmentRows);
    }

    /// <summary>
    /// The bulk queue's endpoint under an identity: <c>Vectron__Storage__queueServiceUri</c> (the Functions host's
    /// queue trigger reads the same setting). Without it the engine derives it from the blob endpoint.
    /// </summary>
    public static void ApplyQueue(BulkIngestionOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.GetSection(ConnectionName)["queueServiceUri"] is { Length: > 0 } queueUri && Uri.TryCreate(queueUri, UriKind.Absolute, out var uri))
        {
            options.QueueServiceUri = uri;
        }
    }
}
