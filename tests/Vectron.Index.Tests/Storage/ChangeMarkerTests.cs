using Azure;
using Vectron.Index.Collections;
using Vectron.Index.Storage;

namespace Vectron.Index.Tests.Storage;

/// <summary>Who moves the change marker, and that nothing but creation and compaction ever makes one.</summary>
public sealed class ChangeMarkerTests
{
    [Fact]
    public async Task CreateAsync_NewCollection_MakesTheMarker()
    {
        using VectronCollections collections = await CreatedAsync("made");

        Assert.NotNull(await new ChangeMarker(collections.Storage).ReadAsync("made"));
    }

    [Fact]
    public async Task UpsertAsync_Acknowledged_MovedTheMarkerFirst()
    {
        using VectronCollections collections = await CreatedAsync("written");
        var marker = new ChangeMarker(collections.Storage);
        ETag? before = await marker.ReadAsync("written");

        await collections.UpsertAsync("written", [new DocumentUpsert("a", new float[] { 1, 0 })]);

        Assert.NotEqual(before, await marker.ReadAsync("written"));
    }

    [Fact]
    public async Task DeleteDocumentsAsync_Acknowledged_MovedTheMarkerFirst()
    {
        using VectronCollections collections = await CreatedAsync("deleted");
        await collections.UpsertAsync("deleted", [new DocumentUpsert("a", new float[] { 1, 0 })]);
        var marker = new ChangeMarker(collections.Storage);
        ETag? before = await marker.ReadAsync("deleted");

        await collections.DeleteDocumentsAsync("deleted", ["a"]);

        Assert.NotEqual(before, await marker.ReadAsync("deleted"));
    }

    [Fact]
    public async Task CompactAsync_Swapped_MovedTheMarker()
    {
        using VectronCollections collections = await CreatedAsync("swapped");
        await collections.UpsertAsync("swapped", [new DocumentUpsert("a", new float[] { 1, 0 })]);
        var marker = new ChangeMarker(collections.Storage);
        ETag? before = await marker.ReadAsync("swapped");

        await collections.CompactAsync("swapped");

        Assert.NotEqual(before, await marker.ReadAsync("swapped"));
    }

    [Fact]
    public async Task CompactAsync_CollectionWithoutAMarker_MakesIt()
    {
        using VectronCollections collections = await CreatedAsync("repaired");
        await collections.UpsertAsync("repaired", [new DocumentUpsert("a", new float[] { 1, 0 })]);
        await collections.Storage.Container.GetBlobClient(BlobLayout.ChangeMarker("repaired")).DeleteAsync();

        await collections.CompactAsync("repaired");

        Assert.NotNull(await new ChangeMarker(collections.Storage).ReadAsync("repaired"));
    }

    [Fact]
    public async Task TouchAsync_NoMarker_MakesNone()
    {
        using VectronCollections collections = await CreatedAsync("gone");
        await collections.DeleteAsync("gone");
        var marker = new ChangeMarker(collections.Storage);

        await marker.TouchAsync("gone");

        Assert.Null(await marker.ReadAsync("gone"));
    }

    [Fact]
    public async Task CreateAsync_MarkerExists_LeavesItAsItWas()
    {
        using VectronCollections collections = await CreatedAsync("kept");
        var marker = new ChangeMarker(collections.Storage);
        ETag? before = await marker.ReadAsync("kept");

        await marker.CreateAsync("kept");

        Assert.Equal(before, await marker.ReadAsync("kept"));
    }

    private static async Task<VectronCollections> CreatedAsync(string collection)
    {
        VectronCollections collections = TestData.Collections();
        await collections.CreateAsync(collection, new CollectionSettings(2));
        return collections;
    }
}
