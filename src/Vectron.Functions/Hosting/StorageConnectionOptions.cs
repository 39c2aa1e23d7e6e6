using System.ComponentModel.DataAnnotations;

namespace Vectron.Functions.Hosting;

/// <summary>
/// Where Vectron's blobs live, from the configuration section <c>Vectron:Storage</c> (environment variables
/// <c>Vectron__Storage__ConnectionString</c>, ...). Give a connection string (Azurite, keys) or a service URI
/// (Azure, managed identity), not both.
/// </summary>
public sealed class StorageConnectionOptions : IValidatableObject
{
    public const string SectionName = "Vectron:Storage";

    /// <summary>A storage connection string, e.g. Azurite's; <c>UseDevelopmentStorage=true</c> works.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob endpoint, e.g. <c>https://account.blob.core.windows.net</c>; authenticated by managed identity.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>Client id of the user-assigned managed identity to use with <see cref="ServiceUri"/>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The container that holds every collection.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "ContainerName must be a valid blob container name (3-63 lower-case letters, digits, single hyphens).")]
    public string ContainerName { get; set; } = "vectron";

    /// <summary>How long the health probe waits for storage before it reports it unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HealthProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasConnectionString == (ServiceUri is not null))
        {
            yield return new ValidationResult(
                $"Set exactly one of {SectionName}:ConnectionString (e.g. Azurite) and {SectionName}:ServiceUri (managed identity).",
                [nameof(ConnectionString), nameof(ServiceUri)]);
        }
    }
}
