using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vectron.Functions.Hosting;
using Vectron.Testing;

namespace Vectron.Functions.Tests.Hosting;

public sealed class AddVectronFunctionsTests
{
    [Fact]
    public async Task AddVectronFunctions_ConnectionString_RegistersClientForThatAccount()
    {
        using var services = Build(new() { ["Vectron:Storage:ConnectionString"] = TestStorage.ConnectionString });

        var client = services.GetRequiredService<BlobServiceClient>();

        Assert.Equal("devstoreaccount1", client.AccountName);
        await client.GetPropertiesAsync();
    }

    [Fact]
    public void AddVectronFunctions_ServiceUri_RegistersClientForThatEndpoint()
    {
        using var services = Build(new() { ["Vectron:Storage:ServiceUri"] = "https://example.blob.core.windows.net", ["Vectron:Storage:ClientId"] = Guid.NewGuid().ToString() });

        Assert.Equal(new Uri("https://example.blob.core.windows.net"), services.GetRequiredService<BlobServiceClient>().Uri);
    }

    public static TheoryData<Dictionary<string, string?>, string> InvalidSettings => new()
    {
        { new(), "Set exactly one of" },
        { new() { ["Vectron:Storage:ConnectionString"] = "UseDevelopmentStorage=true", ["Vectron:Storage:ServiceUri"] = "https://example.blob.core.windows.net" }, "Set exactly one of" },
        { new() { ["Vectron:Storage:ConnectionString"] = "UseDevelopmentStorage=true", ["Vectron:Storage:ContainerName"] = "Not_A_Container" }, "ContainerName" },
        { new() { ["Vectron:Storage:ConnectionString"] = "UseDevelopmentStorage=true", ["Vectron:Storage:HealthProbeTimeout"] = "00:00:00" }, "HealthProbeTimeout" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void AddVectronFunctions_InvalidStorageSettings_FailsWithMessageNamingThem(Dictionary<string, string?> settings, string expected)
    {
        using var services = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageConnectionOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
        => new ServiceCollection()
            .AddLogging()
            .AddVectronFunctions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
