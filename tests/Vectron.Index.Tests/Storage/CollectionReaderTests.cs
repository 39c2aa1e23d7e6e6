using Azure;
using Vectron.Index.Collections;
using Vectron.Index.Storage;

namespace Vectron.Index.Tests.Storage;

/// <summary>The round trips of a catch-up: one listing, the manifest only when it changed, the tails that grew.</summary>
public sealed class CollectionReaderTests
{
    [Fact]
    public async Task RefreshAsync_NothingChanged_IsOneListing()
    {
        using VectronCollections writer = TestData.Collections();
        await writer.CreateAsync("quiet", new CollectionSettings(2));
        await writer.UpsertAsync("quiet", [new DocumentUpsert("a", new float[] { 1, 0 })]);
        using VectronCollections readerSide = TestData.Collections(writer.Storage.Options.ContainerName);
        using var reader = new CollectionReader(readerSide.Storage, "quiet");
        await reader.RefreshAsync();
        long before = readerSide.Storage.GetRequests;

        await reader.RefreshAsync();

        Assert.Equal(1, readerSide.Storage.GetRequests - before);
        Assert.Equal(1, reader.Count);
    }

    [Fact]
    public async Task RefreshAsync_AnotherWriterAppended_ListsThenReadsOnlyThatTail()
    {
        using VectronCollections writer = TestData.Collections();
        await writer.CreateAsync("grown", new CollectionSettings(2));
        await writer.UpsertAsync("grown", [new DocumentUpsert("a", new float[] { 1, 0 })]);
        using VectronCollections readerSide = TestData.Collections(writer.Storage.Options.ContainerName);
        using var reader = new CollectionReader(readerSide.Storage, "grown");
        await reader.RefreshAsync();
        await writer.UpsertAsync("grown", [new DocumentUpsert("b", new float[] { 0, 1 })]);
        long before = readerSide.Storage.GetRequests;

        await reader.RefreshAsync();

        Assert.Equal(2, readerSide.Storage.GetRequests - before);
        Assert.Equal(["a", "b"], reader.LiveIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RefreshAsync_CompactedAndWrittenMeanwhile_ReadsTheNewManifestAndKeepsEveryDocumentOnce()
    {
        using VectronCollections writer = TestData.Collections();
        await writer.CreateAsync("swap", new CollectionSettings(2));
        await writer.UpsertAsync("swap", [new DocumentUpsert("a", new float[] { 1, 0 }), new DocumentUpsert("b", new float[] { 0, 1 })]);
        using VectronCollections readerSide = TestData.Collections(writer.Storage.Options.ContainerName);
        using var reader = new CollectionReader(readerSide.Storage, "swap");
        await reader.RefreshAsync();
        await writer.CompactAsync("swap");
        await writer.UpsertAsync("swap", [new DocumentUpsert("c", new float[] { 1, 1 })]);
        await writer.DeleteDocumentsAsync("swap", ["a"]);

        await reader.RefreshAsync();

        Assert.Equal(["b", "c"], reader.LiveIds.Order(StringComparer.Ordinal));
        Assert.Single(reader.Manifest!.Segments);
    }

    [Theory]
    [InlineData("\"0x8DC1\"", "0x8DC1", true)]
    [InlineData("0x8DC1", "\"0x8DC1\"", true)]
    [InlineData("\"0x8DC1\"", "\"0x8DC2\"", false)]
    public void ManifestIs_ListedWithOrWithoutQuotes_ComparesTheTagItself(string listed, string held, bool expected)
    {
        var listing = new CollectionListing(new ETag(listed), []);

        Assert.Equal(expected, listing.ManifestIs(new ETag(held)));
    }

    [Fact]
    public void ManifestIs_NoManifestListed_IsFalse()
    {
        Assert.False(new CollectionListing(null, []).ManifestIs(new ETag("\"0x8DC1\"")));
    }
}
