using Vectron.Infra.Tests.Infrastructure;

namespace Vectron.Infra.Tests;

/// <summary>The function app gets exactly the declared settings, all identity-based, none a secret.</summary>
[Collection(CompiledInfraTests.Name)]
public sealed class AppSettingsTests(CompiledInfraFixture infra)
{
    [Fact]
    public void AppSettings_Names_AreExactlyTheDeclaredSet()
    {
        Assert.Equal(
            AppSettingNames.All.Order(StringComparer.Ordinal),
            infra.Snapshot.AppSettings.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AppSettings_Credentials_AreManagedIdentity()
    {
        var settings = infra.Snapshot.AppSettings;

        Assert.All(AppSettingNames.Credentials, name => Assert.Equal("managedidentity", settings[name]));
    }

    [Fact]
    public void AppSettings_ClientIds_NameTheAppIdentity()
    {
        var settings = infra.Snapshot.AppSettings;
        var clientId = infra.Snapshot.ReferenceTo(ResourceTypes.Identity, "clientId");

        Assert.All(AppSettingNames.ClientIds, name => Assert.Equal(clientId, settings[name]));
        // Inside format('ClientId={0};...', <reference>) the reference appears without its enclosing brackets.
        Assert.Contains(clientId[1..^1], settings[AppSettingNames.ApplicationInsightsAuthenticationString], StringComparison.Ordinal);
        Assert.Contains("Authorization=AAD", settings[AppSettingNames.ApplicationInsightsAuthenticationString], StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_Values_HoldNoKeyOrSas()
    {
        foreach (var (name, value) in infra.Snapshot.AppSettings)
        {
            foreach (var secret in (string[])["AccountKey", "SharedAccessSignature", "SharedAccessKey", "sig=", "listKeys", "DefaultEndpointsProtocol"])
            {
                Assert.False(value.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{name} holds '{secret}': {value}");
            }
        }
    }

    [Fact]
    public void AppSettings_StorageConnections_PointAtTheOneStorageAccount()
    {
        var settings = infra.Snapshot.AppSettings;
        var storage = infra.Snapshot.Single(ResourceTypes.StorageAccount);

        Assert.Equal((string)storage["name"]!, settings[AppSettingNames.HostStorageAccountName]);
        Assert.Equal(
            infra.Snapshot.ReferenceTo(ResourceTypes.StorageAccount, "primaryEndpoints.blob"),
            settings[AppSettingNames.IndexBlobServiceUri]);
        Assert.Equal(
            infra.Snapshot.ReferenceTo(ResourceTypes.StorageAccount, "primaryEndpoints.queue"),
            settings[AppSettingNames.IndexQueueServiceUri]);
    }

    [Fact]
    public void AppSettings_IndexContainerAndQueues_ExistInTheStorageAccount()
    {
        var settings = infra.Snapshot.AppSettings;
        var containers = infra.Snapshot.ChildNames(ResourceTypes.BlobContainer);
        var queues = infra.Snapshot.ChildNames(ResourceTypes.Queue);

        Assert.Contains(settings[AppSettingNames.IndexContainerName], containers);
        Assert.Contains(settings[AppSettingNames.BulkQueueName], queues);
        // The Functions host moves a message that failed maxDequeueCount times to "{queue}-poison".
        Assert.Contains($"{settings[AppSettingNames.BulkQueueName]}-poison", queues);
    }

    [Fact]
    public void AppSettings_ApplicationInsights_IsTheWorkspaceComponentWithLocalAuthOff()
    {
        var insights = infra.Snapshot.Single(ResourceTypes.ApplicationInsights);

        Assert.Equal(
            infra.Snapshot.ReferenceTo(ResourceTypes.ApplicationInsights, "ConnectionString"),
            infra.Snapshot.AppSettings[AppSettingNames.ApplicationInsightsConnectionString]);
        Assert.True((bool)insights["properties"]!["DisableLocalAuth"]!);
        Assert.Equal(infra.Snapshot.IdOf(ResourceTypes.LogAnalytics), (string)insights["properties"]!["WorkspaceResourceId"]!);
    }

    // Flex Consumption takes runtime and package from functionAppConfig and does not support these settings.
    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    [InlineData("AzureWebJobsStorage")]
    public void AppSettings_SettingFlexConsumptionDoesNotSupport_IsAbsent(string name)
    {
        Assert.DoesNotContain(name, infra.Snapshot.AppSettings.Keys);
    }

}
