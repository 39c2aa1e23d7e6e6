using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vectron.Index.Collections;
using Vectron.Index.Ingestion;
using Vectron.Index.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Vectron's bulk-ingestion engine.</summary>
public static class VectronBulkIngestionServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="BulkIngestionOptions"/> (validated on start), <see cref="IBulkIngestion"/> /
    /// <see cref="BulkIngestion"/> and <see cref="IBulkQueue"/> / <see cref="AzureBulkQueue"/> as singletons. Needs
    /// <c>AddVectronStorage</c>; uses the embedding generator when one is registered (<c>AddVectronEmbedding</c>).
    /// </summary>
    public static IServiceCollection AddVectronBulkIngestion(this IServiceCollection services, Action<BulkIngestionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<BulkIngestionOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(
                o =>
                {
                    o.Validate();
                    return true;
                })
            .ValidateOnStart();
        services.TryAddSingleton(sp => new BulkIngestion(
            sp.GetRequiredService<VectronStorage>(),
            sp.GetRequiredService<IVectronCollections>(),
            sp.GetRequiredService<IOptions<BulkIngestionOptions>>().Value,
            sp.GetService<IEmbeddingGenerator<string, Embedding<float>>>()));
        services.TryAddSingleton<IBulkIngestion>(sp => sp.GetRequiredService<BulkIngestion>());
        services.TryAddSingleton(sp => AzureBulkQueue.Create(
            sp.GetRequiredService<IOptions<VectronStorageOptions>>().Value,
            sp.GetRequiredService<IOptions<BulkIngestionOptions>>().Value));
        services.TryAddSingleton<IBulkQueue>(sp => sp.GetRequiredService<AzureBulkQueue>());
        return services;
    }
}
