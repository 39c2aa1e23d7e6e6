using System.Text.RegularExpressions;
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
        using var services = Build(new() { ["Vectron:Storage"] = TestStorage.ConnectionString });

        var client = services.GetRequiredService<BlobServiceClient>();

        Assert.Equal("devstoreaccount1", client.AccountName);
        await client.GetPropertiesAsync();
    }

    [Fact]
    public void AddVectronFunctions_ServiceUri_RegistersClientForThatEndpoint()
    {
        using var services = Build(new() { ["Vectron:Storage:blobServiceUri"] = "https://example.blob.core.windows.net", ["Vectron:Storage:clientId"] = Guid.NewGuid().ToString() });

        Assert.Equal(new Uri("https://example.blob.core.windows.net"), services.GetRequiredService<BlobServiceClient>().Uri);
    }

    public static TheoryData<Dictionary<string, string?>, string> InvalidSettings => new()
    {
        { new(), "Set exactly one of Vectron__Storage" },
        { new() { ["Vectron:Storage"] = "UseDevelopmentStorage=true", ["Vectron:Storage:blobServiceUri"] = "https://example.blob.core.windows.net" }, "Set exactly one of Vectron__Storage" },
        { new() { ["Vectron:Storage:blobServiceUri"] = "not a uri" }, "not an absolute URI" },
        { new() { ["Vectron:Storage"] = "UseDevelopmentStorage=true", ["Vectron:ContainerName"] = "Not_A_Container" }, "ContainerName" },
        { new() { ["Vectron:Storage"] = "UseDevelopmentStorage=true", ["Vectron:HealthProbeTimeout"] = "00:00:00" }, "HealthProbeTimeout" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void AddVectronFunctions_InvalidStorageSettings_FailsWithMessageNamingThem(Dictionary<string, string?> settings, string expected)
    {
        using var services = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageConnectionOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    // infra/app/api.bicep is the one home of the deployed setting names; whatever it writes under Vectron__ must
    // configure storage here. Values are stand-ins of the right kind.
    [Fact]
    public void AddVectronFunctions_SettingsInfraDeploys_AreValidAndUseManagedIdentity()
    {
        var bicep = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "infra", "app", "api.bicep"));
        var names = Regex.Matches(bicep, @"^\s*(Vectron__\w+)\s*:", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();
        Assert.Contains("Vectron__Storage__blobServiceUri", names);
        var settings = names.ToDictionary(
            n => n.Replace("__", ":", StringComparison.Ordinal),
            n => (string?)(n.EndsWith("Uri", StringComparison.Ordinal) ? "https://example.blob.core.windows.net/"
                : n.EndsWith("Name", StringComparison.Ordinal) ? "vectron-index"
                : n.EndsWith("credential", StringComparison.Ordinal) ? "managedidentity"
                : n.EndsWith("clientId", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : "64"));

        using var services = Build(settings);
        var options = services.GetRequiredService<IOptions<StorageConnectionOptions>>().Value;

        Assert.Null(options.ConnectionString);
        Assert.Equal("vectron-index", options.ContainerName);
        Assert.Equal(settings["Vectron:Storage:clientId"], options.ClientId);
        Assert.Equal("https://example.blob.core.windows.net/", services.GetRequiredService<BlobServiceClient>().Uri.ToString());
    }


    private static ServiceProvider Build(Dictionary<string, string?> settings)
        => new ServiceCollection()
            .AddLogging()
            .AddVectronFunctions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
