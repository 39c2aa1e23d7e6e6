using Vectron.Infra.Tests.Infrastructure;

namespace Vectron.Infra.Tests;

/// <summary>The storage account accepts only Entra ID over TLS 1.2+, and nothing in it is public.</summary>
[Collection(CompiledInfraTests.Name)]
public sealed class StorageAccountTests(CompiledInfraFixture infra)
{
    [Fact]
    public void StorageAccount_SharedKeyAccess_IsOff()
    {
        var properties = infra.Snapshot.Single(ResourceTypes.StorageAccount)["properties"]!;

        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.True((bool)properties["defaultToOAuthAuthentication"]!);
    }

    [Fact]
    public void StorageAccount_Transport_IsHttpsWithTls12OrLater()
    {
        var properties = infra.Snapshot.Single(ResourceTypes.StorageAccount)["properties"]!;

        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
    }

    [Fact]
    public void StorageAccount_Blobs_AreNeverPublic()
    {
        var storage = infra.Snapshot.Single(ResourceTypes.StorageAccount);
        var containers = infra.Snapshot.OfType(ResourceTypes.BlobContainer);

        Assert.False((bool)storage["properties"]!["allowBlobPublicAccess"]!);
        Assert.NotEmpty(containers);
        Assert.All(containers, c => Assert.Equal("None", (string?)c["properties"]!["publicAccess"]));
    }
}
