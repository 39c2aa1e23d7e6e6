using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vectron.Index.Storage;

namespace Vectron.Index.Query;

/// <summary>DI registration of the query service.</summary>
public static class QueryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="QueryOptions"/> (validated on start), <see cref="VectronQueryService"/> and
    /// <see cref="IVectronQueryService"/> as singletons. Needs <c>AddVectronStorage</c> (for <see cref="VectronStorage"/>);
    /// text queries need an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> registered too.
    /// </summary>
    public static IServiceCollection AddVectronQuery(this IServiceCollection services, Action<QueryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<QueryOptions>()
            .Configure(options => configure?.Invoke(options))
            .Validate(
                options =>
                {
                    options.Validate();
                    return true;
                })
            .ValidateOnStart();
        services.TryAddSingleton(sp => new VectronQueryService(
            sp.GetRequiredService<VectronStorage>(),
            sp.GetRequiredService<IOptions<QueryOptions>>().Value,
            sp.GetService<IEmbeddingGenerator<string, Embedding<float>>>()));
        services.TryAddSingleton<IVectronQueryService>(sp => sp.GetRequiredService<VectronQueryService>());
        return services;
    }
}
