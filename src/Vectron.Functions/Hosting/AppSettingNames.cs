namespace Vectron.Functions.Hosting;

/// <summary>
/// The app settings the deployment gives the function app (infra/app/api.bicep, <c>var appSettings</c>), declared
/// once for the code that reads them and for tests/Vectron.Infra.Tests, which compiles this file in and holds the
/// template to exactly this list. Names use <c>__</c>, which .NET configuration reads as the section separator
/// <c>:</c>; read them with <see cref="Key"/>.
/// </summary>
public static class AppSettingNames
{
    /// <summary>Host storage (locks, timers, keys) over the app's identity: account name, credential, identity.</summary>
    public const string HostStorageAccountName = "AzureWebJobsStorage__accountName";
    public const string HostStorageCredential = "AzureWebJobsStorage__credential";
    public const string HostStorageClientId = "AzureWebJobsStorage__clientId";

    /// <summary>Client id of the user-assigned identity; <c>DefaultAzureCredential</c> and the telemetry exporter pick it.</summary>
    public const string AzureClientId = "AZURE_CLIENT_ID";

    /// <summary>Where telemetry goes; not a secret, because the component accepts only Entra tokens.</summary>
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string ApplicationInsightsAuthenticationString = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>The index storage as an identity-based connection section <c>Vectron:Storage</c>.</summary>
    public const string IndexBlobServiceUri = "Vectron__Storage__blobServiceUri";
    public const string IndexQueueServiceUri = "Vectron__Storage__queueServiceUri";
    public const string IndexCredential = "Vectron__Storage__credential";
    public const string IndexClientId = "Vectron__Storage__clientId";

    public const string IndexContainerName = "Vectron__ContainerName";
    public const string BulkQueueName = "Vectron__BulkQueueName";
    public const string CacheMegabytes = "Vectron__CacheMegabytes";

    /// <summary>The configuration key of a setting: <c>Vectron__ContainerName</c> is read as <c>Vectron:ContainerName</c>.</summary>
    public static string Key(string setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return setting.Replace("__", ":", StringComparison.Ordinal);
    }

    /// <summary>Every setting the deployment sets, no more and no fewer.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        HostStorageAccountName, HostStorageCredential, HostStorageClientId,
        AzureClientId,
        ApplicationInsightsConnectionString, ApplicationInsightsAuthenticationString,
        IndexBlobServiceUri, IndexQueueServiceUri, IndexCredential, IndexClientId,
        IndexContainerName, BulkQueueName, CacheMegabytes,
    ];

    /// <summary>Settings naming the credential of an identity-based connection: all must be <c>managedidentity</c>.</summary>
    public static IReadOnlyList<string> Credentials { get; } = [HostStorageCredential, IndexCredential];

    /// <summary>Settings that must hold the client id of the app's own identity.</summary>
    public static IReadOnlyList<string> ClientIds { get; } = [HostStorageClientId, IndexClientId, AzureClientId];
}
