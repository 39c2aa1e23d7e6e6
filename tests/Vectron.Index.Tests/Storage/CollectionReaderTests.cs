using Azure;
using Vectron.Index.Collections;
using Vectron.Index.Storage;

namespace Vectron.Index.Tests.Storage;

/// <summary>The round trips of a catch-up: the change marker's HEAD when nothing changed; otherwise one listing, the
/// manifest only when it changed, the tails that grew.</summary>
public sealed class CollectionReaderTests
{
    [Theory]
    [InlineData(false, 1, 0)] // the first catch-up after one that found something lists at once, without the marker
    [InlineData(true, 0, 1)] // once the reader has listed after reading the marker, the marker alone says nothing moved
    public async Task RefreshAsync_NothingWritten_IsOneListingOrOneHead(bool settled, long gets, long heads)
    {
        DocumentUpsert document = new("a", new float[] { 1, 0 });
        using ReaderBed bed = settled ? await ReaderBed.SettledAsync("quiet", document) : await ReaderBed.RefreshedAsync("quiet", document);
        (long getsBefore, long headsBefore) = bed.Requests();

        await bed.Reader.RefreshAsync();

        Assert.Equal((gets, heads), bed.RequestsSince(getsBefore, headsBefore));
        Assert.Equal(1, bed.Reader.Count);
    }

    [Fact]
    public async Task RefreshAsync_AnotherWriterAppendedAfterTheReaderSettled_SeesTheWrite()
    {
        using ReaderBed bed = await ReaderBed.SettledAsync("moved", new DocumentUpsert("a", new float[] { 1, 0 }));
        await bed.Writer.UpsertAsync("moved", [new DocumentUpsert("b", new float[] { 0, 1 })]);
        (long gets, long heads) = bed.Requests();

        await bed.Reader.RefreshAsync();

        // The marker, then the listing and the one tail that grew.
        Assert.Equal((2, 1), bed.RequestsSince(gets, heads));
        Assert.Equal(["a", "b"], bed.Reader.LiveIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RefreshAsync_CompactedAfterTheReaderSettled_AdoptsTheNewManifest()
    {
        using ReaderBed bed = await ReaderBed.SettledAsync(
            "compacted", new DocumentUpsert("a", new float[] { 1, 0 }), new DocumentUpsert("b", new float[] { 0, 1 }));
        await bed.Writer.CompactAsync("compacted");

        await bed.Reader.RefreshAsync();

        Assert.Single(bed.Reader.Manifest!.Segments);
        Assert.Equal(["a", "b"], bed.Reader.LiveIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RefreshAsync_CollectionWithoutAMarker_ListsEveryTimeAndSeesEveryWrite()
    {
        using ReaderBed bed = await ReaderBed.RefreshedAsync("unmarked", new DocumentUpsert("a", new float[] { 1, 0 }));
        await bed.Writer.Storage.Container.GetBlobClient(BlobLayout.ChangeMarker("unmarked")).DeleteAsync();
        await bed.Reader.RefreshAsync();
        await bed.Reader.RefreshAsync();
        await bed.Writer.UpsertAsync("unmarked", [new DocumentUpsert("b", new float[] { 0, 1 })]);
        (long gets, long heads) = bed.Requests();

        await bed.Reader.RefreshAsync();

        Assert.Equal((2, 1), bed.RequestsSince(gets, heads));
        Assert.Equal(["a", "b"], bed.Reader.LiveIds.Order(StringComparer.Ordinal));
        Assert.False(await bed.Writer.Storage.Container.GetBlobClient(BlobLayout.ChangeMarker("unmarked")).ExistsAsync());
    }

    [Fact]
    public async Task RefreshAsync_ManySegmentsAfterTheManifest_ListsOnlyUpToTheManifestInOneRequest()
    {
        using ReaderBed bed = await ReaderBed.RefreshedAsync("segs", new DocumentUpsert("a", new float[] { 1, 0 }));
        using VectronCollections smallSegments = TestData.Collections(bed.Writer.Storage.Options.ContainerName, tweak: o => o.MaxSegmentRows = 1);
        await smallSegments.UpsertAsync("segs", [.. Enumerable.Range(0, 40).Select(i => new DocumentUpsert($"s{i:D2}", new float[] { 1, i }))]);
        await smallSegments.CompactAsync("segs");
        await bed.Writer.UpsertAsync("segs", [new DocumentUpsert("b", new float[] { 0, 1 })]);
        await bed.Reader.RefreshAsync();
        long before = bed.ReaderSide.Storage.GetRequests;

        await bed.Reader.RefreshAsync();

        // 41 segment blobs sort after the manifest: a listing that did not stop there would take several pages of
        // the size it asks for (the logs it saw last time plus a few).
        Assert.Equal(1, bed.ReaderSide.Storage.GetRequests - before);
        Assert.Equal(42, bed.Reader.Count);
    }

    [Fact]
    public async Task ListAsync_MoreLogsThanExpected_ReadsOnUntilTheManifest()
    {
        using VectronCollections first = TestData.Collections();
        await first.CreateAsync("logs", new CollectionSettings(2));
        var writers = Enumerable.Range(0, 12).Select(_ => TestData.Collections(first.Storage.Options.ContainerName)).ToList();
        try
        {
            for (int i = 0; i < writers.Count; i++)
            {
                await writers[i].UpsertAsync("logs", [new DocumentUpsert($"w{i}", new float[] { 1, i })]);
            }

            long before = first.Storage.GetRequests;
            CollectionListing listing = await first.Logs.ListAsync("logs", expectedLogs: 0);

            Assert.Equal(12, listing.Logs.Count);
            Assert.NotNull(listing.ManifestETag);
            Assert.Equal(2, first.Storage.GetRequests - before);
        }
        finally
        {
            writers.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    public async Task RefreshAsync_AnotherWriterAppended_ListsThenReadsOnlyThatTail()
    {
        using ReaderBed bed = await ReaderBed.RefreshedAsync("grown", new DocumentUpsert("a", new float[] { 1, 0 }));
        await bed.Writer.UpsertAsync("grown", [new DocumentUpsert("b", new float[] { 0, 1 })]);
        long before = bed.ReaderSide.Storage.GetRequests;

        await bed.Reader.RefreshAsync();

        Assert.Equal(2, bed.ReaderSide.Storage.GetRequests - before);
        Assert.Equal(["a", "b"], bed.Reader.LiveIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RefreshAsync_CompactedAndWrittenMeanwhile_ReadsTheNewManifestAndKeepsEveryDocumentOnce()
    {
        using ReaderBed bed = await ReaderBed.RefreshedAsync(
            "swap", new DocumentUpsert("a", new float[] { 1, 0 }), new DocumentUpsert("b", new float[] { 0, 1 }));
        await bed.Writer.CompactAsync("swap");
        await bed.Writer.UpsertAsync("swap", [new DocumentUpsert("c", new float[] { 1, 1 })]);
        await bed.Writer.DeleteDocumentsAsync("swap", ["a"]);

        await bed.Reader.RefreshAsync();

        Assert.Equal(["b", "c"], bed.Reader.LiveIds.Order(StringComparer.Ordinal));
        Assert.Single(bed.Reader.Manifest!.Segments);
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

    /// <summary>A writer instance and a reader on its own storage client (so its requests can be counted), the reader
    /// refreshed once after the writer created the 2-dimension collection and upserted the documents.</summary>
    private sealed class ReaderBed(VectronCollections writer, VectronCollections readerSide, CollectionReader reader) : IDisposable
    {
        public VectronCollections Writer { get; } = writer;

        public VectronCollections ReaderSide { get; } = readerSide;

        public CollectionReader Reader { get; } = reader;

        /// <summary>Refreshed until the reader has listed after reading the marker, so its next quiet catch-up is a HEAD.</summary>
        public static async Task<ReaderBed> SettledAsync(string collection, params DocumentUpsert[] documents)
        {
            ReaderBed bed = await RefreshedAsync(collection, documents);
            await bed.Reader.RefreshAsync();
            await bed.Reader.RefreshAsync();
            return bed;
        }

        public (long Gets, long Heads) Requests() => (ReaderSide.Storage.GetRequests, ReaderSide.Storage.HeadRequests);

        public (long Gets, long Heads) RequestsSince(long gets, long heads) =>
            (ReaderSide.Storage.GetRequests - gets, ReaderSide.Storage.HeadRequests - heads);

        public static async Task<ReaderBed> RefreshedAsync(string collection, params DocumentUpsert[] documents)
        {
            VectronCollections writer = TestData.Collections();
            await writer.CreateAsync(collection, new CollectionSettings(2));
            await writer.UpsertAsync(collection, documents);
            VectronCollections readerSide = TestData.Collections(writer.Storage.Options.ContainerName);
            var reader = new CollectionReader(readerSide.Storage, collection);
            await reader.RefreshAsync();
            return new ReaderBed(writer, readerSide, reader);
        }

        public void Dispose()
        {
            Reader.Dispose();
            ReaderSide.Dispose();
            Writer.Dispose();
        }
    }
}
