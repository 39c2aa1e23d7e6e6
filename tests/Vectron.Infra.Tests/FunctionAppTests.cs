using Vectron.Infra.Tests.Infrastructure;

namespace Vectron.Infra.Tests;

/// <summary>The app is a .NET 10 isolated worker on a Flex Consumption plan, deployed and run with its identity.</summary>
[Collection(CompiledInfraTests.Name)]
public sealed class FunctionAppTests(CompiledInfraFixture infra)
{
    [Fact]
    public void FunctionApp_Plan_IsFlexConsumptionLinux()
    {
        var plan = infra.Snapshot.Single(ResourceTypes.Plan);
        var app = infra.Snapshot.FunctionApp;

        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.True((bool)plan["properties"]!["reserved"]!);
        Assert.Equal("functionapp,linux", (string?)app["kind"]);
        Assert.Equal(infra.Snapshot.IdOf(ResourceTypes.Plan), (string?)app["properties"]!["serverFarmId"]);
    }

    [Fact]
    public void FunctionApp_Runtime_IsDotnetIsolated10()
    {
        var runtime = infra.Snapshot.FunctionApp["properties"]!["functionAppConfig"]!["runtime"]!;

        Assert.Equal("dotnet-isolated", (string?)runtime["name"]);
        Assert.Equal("10.0", (string?)runtime["version"]);
    }

    [Fact]
    public void FunctionApp_DeploymentPackage_IsReadWithTheAppIdentityFromItsOwnContainer()
    {
        var storage = infra.Snapshot.FunctionApp["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!;
        var blobEndpoint = infra.Snapshot.ReferenceTo(ResourceTypes.StorageAccount, "primaryEndpoints.blob");
        var value = (string)storage["value"]!;

        Assert.Equal("blobContainer", (string?)storage["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)storage["authentication"]!["type"]);
        Assert.Equal(infra.Snapshot.FunctionAppIdentityId, (string?)storage["authentication"]!["userAssignedIdentityResourceId"]);
        // format('{0}{1}', <blob endpoint>, '<container>'): the package container sits beside the index, not in it.
        var endpointExpression = blobEndpoint[1..^1];
        Assert.Contains(endpointExpression, value, StringComparison.Ordinal);
        var container = value[(value.LastIndexOf(", '", StringComparison.Ordinal) + 3)..value.LastIndexOf('\'')];
        Assert.NotEqual(infra.Snapshot.AppSettings[AppSettingNames.IndexContainerName], container);
        Assert.Contains(container, infra.Snapshot.ChildNames(ResourceTypes.BlobContainer));
    }

    [Fact]
    public void FunctionApp_PasswordPublishingAndPlainHttp_AreOff()
    {
        var policies = infra.Snapshot.OfType(ResourceTypes.PublishingCredentialsPolicy);

        Assert.True((bool)infra.Snapshot.FunctionApp["properties"]!["httpsOnly"]!);
        Assert.Equal(["ftp", "scm"], infra.Snapshot.ChildNames(ResourceTypes.PublishingCredentialsPolicy).Order(StringComparer.Ordinal));
        Assert.All(policies, p => Assert.False((bool)p["properties"]!["allow"]!));
    }
}
