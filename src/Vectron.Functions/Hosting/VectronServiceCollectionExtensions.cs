using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vectron.Functions.Health;
using Vectron.Index.Collections;
using Vectron.Index.Query;
using Vectron.Index.Storage;

namespace Vectron.Functions.Hosting;

/// <summary>The one list of Vectron's services, used by the Functions worker and the local host alike.</summary>
public static class VectronServiceCollectionExtensions
{
    /// <summary>Settings of the embedding model (<c>Vectron__Embedding__ModelPath</c>, ...); none are needed for the bundled one.</summary>
    public const string EmbeddingSection = "Vectron:Embedding";

    /// <summary>Settings of the query service, directly under <c>Vectron</c> (<c>Vectron__CacheMegabytes</c>, <c>Vectron__EventualInterval</c>, <c>Vectron__Search__*</c>).</summary>
    public const string QuerySection = "Vectron";

    /// <summary>Settings of bulk ingestion (<c>Vectron__Bulk__ChunkTargetBytes</c>, ...; see <c>BulkIngestionOptions</c>).</summary>
    public const string BulkSection = "Vectron:Bulk";

    public static IServiceCollection AddVectronFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddVectronStorage(options => StorageSettings.Apply(options, configuration));
        services.AddOptions<HealthOptions>()
            .Bind(configuration.GetSection(HealthOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(provider => new StorageProbe(
            provider.GetRequiredService<VectronStorage>().Container,
            provider.GetRequiredService<IOptions<HealthOptions>>(),
            provider.GetRequiredService<ILogger<StorageProbe>>()));

        services.AddVectronEmbedding(options => configuration.GetSection(EmbeddingSection).Bind(options));
        services.AddVectronQuery(options => configuration.GetSection(QuerySection).Bind(options));
        services.AddVectronBulkIngestion(options =>
        {
            configuration.GetSection(BulkSection).Bind(options);
            StorageSettings.ApplyQueue(options, configuration);
        });
        services.AddVectronTelemetry(configuration);
        return services;
    }
}
