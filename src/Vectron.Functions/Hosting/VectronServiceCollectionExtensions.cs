using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vectron.Functions.Health;

namespace Vectron.Functions.Hosting;

/// <summary>The one list of Vectron's services, used by the Functions worker and the local host alike.</summary>
public static class VectronServiceCollectionExtensions
{
    public static IServiceCollection AddVectronFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageConnectionOptions>()
            .Configure(options => options.ReadFrom(configuration))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(CreateBlobServiceClient);
        services.TryAddSingleton<StorageProbe>();

        // EMBEDDING: wired in once wt/embed is merged: services.AddVectronEmbedding(options => configuration.GetSection("Vectron:Embedding").Bind(options));
        return services;
    }

    private static BlobServiceClient CreateBlobServiceClient(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StorageConnectionOptions>>().Value;
        return string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new BlobServiceClient(new Uri(options.BlobServiceUri!), new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId }))
            : new BlobServiceClient(options.ConnectionString);
    }
}
