using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vectron.Index.Storage;

namespace Vectron.Index.Collections;

/// <summary>DI registration of Vectron's storage engine.</summary>
public static class VectronStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="VectronStorageOptions"/> (validated on start), <see cref="VectronStorage"/>,
    /// <see cref="IVectronCollections"/> / <see cref="VectronCollections"/>, and the read-path parts the query engine
    /// uses: <see cref="ManifestStore"/>, <see cref="SegmentReader"/>, <see cref="LogTailReader"/>, <see cref="Compactor"/>.
    /// </summary>
    public static IServiceCollection AddVectronStorage(this IServiceCollection services, Action<VectronStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<VectronStorageOptions>()
            .Configure(configure)
            .Validate(
                options =>
                {
                    options.Validate();
                    return true;
                })
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new VectronStorage(sp.GetRequiredService<IOptions<VectronStorageOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new VectronCollections(sp.GetRequiredService<VectronStorage>(), sp.GetService<ILogger<VectronCollections>>()));
        services.TryAddSingleton<IVectronCollections>(sp => sp.GetRequiredService<VectronCollections>());
        services.TryAddSingleton(sp => sp.GetRequiredService<VectronCollections>().Manifests);
        services.TryAddSingleton(sp => sp.GetRequiredService<VectronCollections>().Segments);
        services.TryAddSingleton(sp => sp.GetRequiredService<VectronCollections>().Logs);
        services.TryAddSingleton(sp => sp.GetRequiredService<VectronCollections>().Compactor);
        return services;
    }
}
