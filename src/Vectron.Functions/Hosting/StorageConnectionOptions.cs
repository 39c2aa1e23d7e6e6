using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Vectron.Functions.Hosting;

/// <summary>
/// Where Vectron's blobs live. The connection is shaped like a Functions connection named <c>Vectron:Storage</c>
/// (so a queue trigger can name the same connection): locally <c>Vectron__Storage</c> holds a connection string
/// (Azurite); in Azure <c>Vectron__Storage__blobServiceUri</c> with <c>__credential=managedidentity</c> and
/// <c>__clientId</c> (the settings infra/app/api.bicep writes). Other settings sit beside it under <c>Vectron</c>.
/// </summary>
public sealed class StorageConnectionOptions : IValidatableObject
{
    /// <summary>The configuration section of the connection, also its Functions connection name.</summary>
    public const string ConnectionName = "Vectron:Storage";

    /// <summary>The configuration section of the other Vectron settings (<c>ContainerName</c>, ...).</summary>
    public const string SettingsSection = "Vectron";

    /// <summary>A storage connection string (value of <c>Vectron:Storage</c>); <c>UseDevelopmentStorage=true</c> works.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob endpoint (<c>Vectron:Storage:blobServiceUri</c>), e.g. <c>https://account.blob.core.windows.net</c>, used with a token credential.</summary>
    public string? BlobServiceUri { get; set; }

    /// <summary>Client id of the user-assigned managed identity (<c>Vectron:Storage:clientId</c>); none means the default identity.</summary>
    public string? ClientId { get; set; }

    /// <summary>The container that holds every collection (<c>Vectron:ContainerName</c>).</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Vectron:ContainerName must be a valid blob container name (3-63 lower-case letters, digits, single hyphens).")]
    public string ContainerName { get; set; } = "vectron";

    /// <summary>How long the health probe waits for storage before it reports it unreachable (<c>Vectron:HealthProbeTimeout</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Vectron:HealthProbeTimeout must be between 100 ms and 1 minute.")]
    public TimeSpan HealthProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Fills the options from configuration; the connection's own value cannot be bound by name, so it is read here.</summary>
    public void ReadFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.GetSection(SettingsSection).Bind(this);
        var connection = configuration.GetSection(ConnectionName);
        ConnectionString = connection.Value;
        BlobServiceUri = connection["blobServiceUri"];
        ClientId = connection["clientId"];
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        var hasServiceUri = !string.IsNullOrWhiteSpace(BlobServiceUri);
        if (hasConnectionString == hasServiceUri)
        {
            yield return new ValidationResult(
                "Set exactly one of Vectron__Storage (a connection string, e.g. Azurite's) and Vectron__Storage__blobServiceUri (managed identity).",
                [nameof(ConnectionString), nameof(BlobServiceUri)]);
        }
        else if (hasServiceUri && !Uri.TryCreate(BlobServiceUri, UriKind.Absolute, out _))
        {
            yield return new ValidationResult($"Vectron__Storage__blobServiceUri '{BlobServiceUri}' is not an absolute URI.", [nameof(BlobServiceUri)]);
        }
    }
}
