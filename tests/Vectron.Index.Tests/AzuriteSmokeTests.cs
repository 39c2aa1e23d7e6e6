using Azure.Storage.Blobs;
using Vectron.Testing;

namespace Vectron.Index.Tests;

public sealed class AzuriteSmokeTests
{
    [Fact]
    public async Task UploadThenDownload_OnTestAzurite_ReturnsSameBytes()
    {
        var container = new BlobContainerClient(TestStorage.ConnectionString, TestStorage.UniqueContainerName());
        await container.CreateAsync();
        var blob = container.GetBlobClient("probe.bin");
        byte[] payload = [1, 2, 3, 250];

        await blob.UploadAsync(BinaryData.FromBytes(payload));
        var downloaded = await blob.DownloadContentAsync();

        Assert.Equal(payload, downloaded.Value.Content.ToArray());
        await container.DeleteAsync();
    }
}
