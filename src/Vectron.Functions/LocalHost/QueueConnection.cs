using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Vectron.Functions.LocalHost;

/// <summary>
/// Resolves a queue trigger's <c>connection</c> the way the Functions host does: a connection string under the
/// setting's name, or <c>{name}__queueServiceUri</c> (+ <c>clientId</c>) for an identity. Messages are Base64, the
/// Functions host's default encoding.
/// </summary>
internal static class QueueConnection
{
    /// <summary>The setting a queue trigger without a <c>connection</c> uses.</summary>
    public const string DefaultSetting = "AzureWebJobsStorage";

    public static QueueServiceClient Create(IConfiguration configuration, string? connection)
    {
        var name = string.IsNullOrEmpty(connection) ? DefaultSetting : connection.Replace("__", ":", StringComparison.Ordinal);
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        if (configuration[name] is { Length: > 0 } connectionString)
        {
            return new QueueServiceClient(connectionString, options);
        }

        var section = configuration.GetSection(name);
        if (section["queueServiceUri"] is { Length: > 0 } uri)
        {
            var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = section["clientId"] });
            return new QueueServiceClient(new Uri(uri), credential, options);
        }

        throw new InvalidOperationException(
            $"Queue connection '{name}' is not configured: set '{name.Replace(":", "__", StringComparison.Ordinal)}' to a connection string or '{name.Replace(":", "__", StringComparison.Ordinal)}__queueServiceUri'.");
    }
}
