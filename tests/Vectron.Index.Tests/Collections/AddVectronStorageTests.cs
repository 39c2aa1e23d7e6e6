using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vectron.Index.Collections;
using Vectron.Index.Storage;
using Vectron.Testing;

namespace Vectron.Index.Tests.Collections;

public sealed class AddVectronStorageTests
{
    [Fact]
    public async Task AddVectronStorage_ValidOptions_ResolvesOneFacadeAndTheReadPath()
    {
        string container = TestStorage.UniqueContainerName("di");
        using ServiceProvider provider = new ServiceCollection()
            .AddVectronStorage(o =>
            {
                o.ConnectionString = TestStorage.ConnectionString;
                o.ContainerName = container;
            })
            .BuildServiceProvider();

        IVectronCollections collections = provider.GetRequiredService<IVectronCollections>();
        await collections.CreateAsync("wired", new CollectionSettings(3));

        Assert.Same(provider.GetRequiredService<VectronCollections>(), collections);
        Assert.Equal(3, (await provider.GetRequiredService<ManifestStore>().ReadAsync("wired")).Manifest.Settings.Dimensions);
        Assert.NotNull(provider.GetRequiredService<SegmentReader>());
        Assert.NotNull(provider.GetRequiredService<LogTailReader>());
        Assert.NotNull(provider.GetRequiredService<Compactor>());
    }

    [Fact]
    public void AddVectronStorage_NeitherConnectionStringNorServiceUri_FailsValidationWithClearMessage()
    {
        using ServiceProvider provider = new ServiceCollection().AddVectronStorage(_ => { }).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VectronStorageOptions>>().Value);

        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
    }
}
