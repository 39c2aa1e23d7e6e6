using System.Text.RegularExpressions;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vectron.Functions.Health;
using Vectron.Functions.Hosting;
using Vectron.Index.Collections;
using Vectron.Index.Ingestion;
using Vectron.Index.Storage;
using Vectron.Testing;

namespace Vectron.Functions.Tests.Hosting;

public sealed class AddVectronFunctionsTests
{
    [Fact]
    public async Task AddVectronFunctions_ConnectionString_ProbesThatAccountAndContainer()
    {
        var container = TestStorage.UniqueContainerName("fn-di");
        using var services = Build(new() { ["Vectron:Storage"] = TestStorage.ConnectionString, ["Vectron:ContainerName"] = container });

        var storage = services.GetRequiredService<VectronStorage>();

        Assert.Equal("devstoreaccount1", storage.Container.AccountName);
        Assert.Equal(container, storage.Container.Name);
        Assert.True(await services.GetRequiredService<StorageProbe>().IsReachableAsync());
    }

    // infra/app/api.bicep is the one home of the deployed setting names; whatever it writes under Vectron__ must
    // configure storage here. Values are stand-ins of the right kind.
    [Fact]
    public void AddVectronFunctions_SettingsInfraDeploys_UseTheManagedIdentityEndpoint()
    {
        var bicep = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "infra", "app", "api.bicep"));
        var names = Regex.Matches(bicep, @"^\s*(Vectron__\w+)\s*:", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();
        Assert.Contains("Vectron__Storage__blobServiceUri", names);
        Assert.Contains("Vectron__ContainerName", names);
        var settings = names.ToDictionary(
            n => n.Replace("__", ":", StringComparison.Ordinal),
            n => (string?)(n.EndsWith("Uri", StringComparison.Ordinal) ? "https://example.blob.core.windows.net/"
                : n.EndsWith("Name", StringComparison.Ordinal) ? "vectron-index"
                : n.EndsWith("credential", StringComparison.Ordinal) ? "managedidentity"
                : n.EndsWith("clientId", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : "64"));

        using var services = Build(settings);
        var options = services.GetRequiredService<IOptions<VectronStorageOptions>>().Value;

        Assert.Null(options.ConnectionString);
        Assert.Equal(new Uri("https://example.blob.core.windows.net/"), options.ServiceUri);
        Assert.IsType<DefaultAzureCredential>(options.Credential);
        Assert.Equal("vectron-index", options.ContainerName);
        Assert.Equal("https://example.blob.core.windows.net/vectron-index", services.GetRequiredService<VectronStorage>().Container.Uri.ToString());
        var bulkQueue = services.GetRequiredService<AzureBulkQueue>().Queue;
        Assert.Equal(new Uri(settings["Vectron:Storage:queueServiceUri"]!).Host, bulkQueue.Uri.Host);
        Assert.Equal(BulkIngestionOptions.DefaultQueueName, bulkQueue.Name);
    }

    [Fact]
    public void AddVectronFunctions_StorageTunablesUnderTheConnection_BoundByName()
    {
        using var services = Build(new()
        {
            ["Vectron:Storage"] = "UseDevelopmentStorage=true",
            ["Vectron:Storage:CompactionThresholdBytes"] = "1048576",
            ["Vectron:Storage:MaxSegmentRows"] = "2048",
            ["Vectron:Storage:MaxRetries"] = "7",
        });

        VectronStorageOptions options = services.GetRequiredService<IOptions<VectronStorageOptions>>().Value;

        Assert.Equal(1_048_576, options.CompactionThresholdBytes);
        Assert.Equal(2048, options.MaxSegmentRows);
        Assert.Equal(7, options.MaxRetries);
    }

    [Fact]
    public void AddVectronFunctions_BulkSettings_BoundFromTheBulkSection()
    {
        using var services = Build(new() { ["Vectron:Storage"] = "UseDevelopmentStorage=true", ["Vectron:Bulk:MaxChunkDocuments"] = "123" });

        Assert.Equal(123, services.GetRequiredService<IOptions<BulkIngestionOptions>>().Value.MaxChunkDocuments);
        Assert.NotNull(services.GetRequiredService<IBulkIngestion>());
    }

    [Fact]
    public void AddVectronFunctions_InvalidBulkSettings_FailsNamingThem()
    {
        using var services = Build(new() { ["Vectron:Storage"] = "UseDevelopmentStorage=true", ["Vectron:Bulk:MaxChunkDocuments"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BulkIngestionOptions>>().Value);

        Assert.Contains("MaxChunkDocuments", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<Dictionary<string, string?>, string> InvalidSettings => new()
    {
        { new(), "Set exactly one of" },
        { new() { ["Vectron:Storage"] = "UseDevelopmentStorage=true", ["Vectron:Storage:blobServiceUri"] = "https://example.blob.core.windows.net" }, "Set exactly one of" },
        { new() { ["Vectron:Storage:blobServiceUri"] = "not a uri" }, "Set exactly one of" },
        { new() { ["Vectron:Storage"] = "UseDevelopmentStorage=true", ["Vectron:ContainerName"] = "Not_A_Container" }, "Not_A_Container" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void AddVectronFunctions_InvalidStorageSettings_FailsWithMessageNamingThem(Dictionary<string, string?> settings, string expected)
    {
        using var services = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<VectronStorageOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:05:00")]
    public void AddVectronFunctions_HealthProbeTimeoutOutOfRange_FailsNamingIt(string timeout)
    {
        using var services = Build(new() { ["Vectron:Storage"] = "UseDevelopmentStorage=true", ["Vectron:Health:ProbeTimeout"] = timeout });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<HealthOptions>>().Value);

        Assert.Contains("Vectron:Health:ProbeTimeout", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
        => new ServiceCollection()
            .AddLogging()
            .AddVectronFunctions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
