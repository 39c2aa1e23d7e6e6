using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vectron.Index.Embedding;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Vectron's in-process embedding generator.</summary>
public static class VectronEmbeddingServiceCollectionExtensions
{
    /// <summary>
    /// Registers one singleton <see cref="OnnxEmbeddingGenerator"/> (one ONNX session per process), also as
    /// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of string and <see cref="Embedding{T}"/> of float.
    /// <see cref="EmbeddingOptions"/> are validated when the host starts, so a wrong model path fails start-up
    /// with a message that names it.
    /// </summary>
    public static IServiceCollection AddVectronEmbedding(this IServiceCollection services, Action<EmbeddingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<EmbeddingOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmbeddingOptions>, EmbeddingOptionsValidator>());
        services.TryAddSingleton(provider => new OnnxEmbeddingGenerator(provider.GetRequiredService<IOptions<EmbeddingOptions>>().Value));
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(provider => provider.GetRequiredService<OnnxEmbeddingGenerator>());
        return services;
    }
}
