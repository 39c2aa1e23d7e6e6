using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs.Models;
using Vectron.Index.Collections;
using Vectron.Index.Storage;
using Vectron.Index.Tests.Storage;
using Vectron.Testing;

namespace Vectron.Index.Tests.Collections;

public sealed class VectronCollectionsTests
{
    [Fact]
    public async Task CreateAsync_SameSettingsTwice_ReturnsTheSameCollection()
    {
        using VectronCollections collections = TestData.Collections();
        var settings = new CollectionSettings(16, DistanceMetric.Cosine, "all-minilm-l6-v2", "abc");

        CollectionInfo first = await collections.CreateAsync("docs", settings);
        CollectionInfo second = await collections.CreateAsync("docs", settings);

        Assert.Equal(first, second);
        Assert.Equal(settings, (await collections.GetAsync("docs")).Settings);
    }

    [Fact]
    public async Task CreateAsync_DifferentSettings_ThrowsConflictWithExisting()
    {
        using VectronCollections collections = TestData.Collections();
        await collections.CreateAsync("docs", new CollectionSettings(16));

        var conflict = await Assert.ThrowsAsync<CollectionConflictException>(() => collections.CreateAsync("docs", new CollectionSettings(32)));

        Assert.Equal(16, conflict.Existing!.Dimensions);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Docs")]
    [InlineData("a/b/c")]
    [InlineData("has space")]
    public async Task CreateAsync_InvalidName_ThrowsValidationOnName(string name)
    {
        using VectronCollections collections = TestData.Collections();

        var error = await Assert.ThrowsAsync<VectronValidationException>(() => collections.CreateAsync(name, new CollectionSettings(4)));

        Assert.Equal("name", error.Field);
    }

    [Fact]
    public async Task GetAndUpsert_UnknownCollection_ThrowCollectionNotFound()
    {
        using VectronCollections collections = TestData.Collections();
        await collections.CreateAsync("other", new CollectionSettings(4));

        await Assert.ThrowsAsync<CollectionNotFoundException>(() => collections.GetAsync("missing"));
        await Assert.ThrowsAsync<CollectionNotFoundException>(() => collections.UpsertAsync("missing", [new DocumentUpsert("a", new float[] { 1, 0, 0, 0 })]));
    }

    [Fact]
    public async Task ListAsync_AfterCreates_ReturnsEachCollectionOnce()
    {
        using VectronCollections collections = TestData.Collections();
        await collections.CreateAsync("one", new CollectionSettings(4));
        await collections.CreateAsync("two", new CollectionSettings(8));
        await collections.UpsertAsync("two", [new DocumentUpsert("x", new float[] { 1, 2, 3, 4, 5, 6, 7, 8 })]);

        IReadOnlyList<CollectionInfo> listed = await collections.ListAsync();

        Assert.Equal(["one", "two"], listed.Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DeleteAsync_WithDataAndSegments_RemovesEveryBlob()
    {
        using VectronCollections collections = TestData.Collections();
        await collections.CreateAsync("gone", new CollectionSettings(4));
        await collections.UpsertAsync("gone", [new DocumentUpsert("a", new float[] { 1, 2, 3, 4 })]);
        await collections.CompactAsync("gone");

        Assert.True(await collections.DeleteAsync("gone"));

        await Assert.ThrowsAsync<CollectionNotFoundException>(() => collections.GetAsync("gone"));
        var left = new List<string>();
        await foreach (BlobItem item in collections.Storage.Container.GetBlobsAsync(new GetBlobsOptions { Prefix = BlobLayout.CollectionPrefix("gone") }))
        {
            left.Add(item.Name);
        }

        Assert.Empty(left);
        Assert.False(await collections.DeleteAsync("gone"));
    }

    [Fact]
    public async Task UpsertAsync_CollectionRecreatedElsewhereWithOtherDimensions_NeverWritesIntoTheNewOne()
    {
        using VectronCollections stale = TestData.Collections();
        using VectronCollections other = TestData.Collections(stale.Storage.Options.ContainerName);
        await stale.CreateAsync("again", new CollectionSettings(4));
        await stale.UpsertAsync("again", [new DocumentUpsert("a", new float[] { 1, 2, 3, 4 })]);
        await other.DeleteAsync("again");
        await other.CreateAsync("again", new CollectionSettings(8));

        await Assert.ThrowsAsync<CollectionNotFoundException>(() => stale.UpsertAsync("again", [new DocumentUpsert("b", new float[] { 1, 2, 3, 4 })]));
        var retry = await Assert.ThrowsAsync<VectronValidationException>(() => stale.UpsertAsync("again", [new DocumentUpsert("b", new float[] { 1, 2, 3, 4 })]));

        Assert.Equal("documents[0].vector", retry.Field);
        Assert.Equal(0, (await other.GetStatsAsync("again")).Count);
        Assert.Empty(await other.Logs.ListLogsAsync("again"));
    }

    [Fact]
    public async Task UpsertAsync_AfterReadingAWriteFromAFastClock_WinsOverIt()
    {
        using VectronCollections ahead = new(new VectronStorage(TestData.Options(), new ShiftedTime(TimeSpan.FromMinutes(10))));
        using VectronCollections behind = TestData.Collections(ahead.Storage.Options.ContainerName);
        await ahead.CreateAsync("skew", new CollectionSettings(2));
        await ahead.UpsertAsync("skew", [new DocumentUpsert("x", new float[] { 1, 0 }, """{"from":"ahead"}""")]);

        Assert.NotNull(await behind.GetDocumentAsync("skew", "x"));
        await behind.UpsertAsync("skew", [new DocumentUpsert("x", new float[] { 0, 1 }, """{"from":"behind"}""")]);

        Assert.Equal("""{"from":"behind"}""", (await ahead.GetDocumentAsync("skew", "x"))!.MetadataJson);
    }

    [Fact]
    public async Task UpsertAsync_ThenGetDocument_ReturnsNormalisedVectorMetadataAndText()
    {
        using VectronCollections collections = TestData.Collections();
        await collections.CreateAsync("docs", new CollectionSettings(3));
        const string metadata = """{"lang":"日本語","n":1}""";

        await collections.UpsertAsync("docs", [new DocumentUpsert("ドキュメント-1", new float[] { 3, 0, 4 }, metadata, "héllo 🙂")]);
        StoredDocument? stored = await collections.GetDocumentAsync("docs", "ドキュメント-1");

        Assert.NotNull(stored);
        Assert.Equal(new float[] { 0.6f, 0, 0.8f }, stored.Vector.ToArray());
        Assert.Equal(metadata, stored.MetadataJson);
        Assert.Equal("héllo 🙂", stored.Text);
        Assert.Null(await collections.GetDocumentAsync("docs", "absent"));
    }

    [Fact]
    public async Task UpsertAsync_InvalidDocument_ThrowsNamingFieldAndWritesNothing()
    {
        using VectronCollections collections = TestData.Collections();
        await collections.CreateAsync("docs", new CollectionSettings(2));
        DocumentUpsert good = new("ok", new float[] { 1, 1 });
        (DocumentUpsert Bad, string Field)[] cases =
        [
            (new("x", new float[] { float.NaN, 1 }), "documents[1].vector"),
            (new("x", new float[] { float.PositiveInfinity, 1 }), "documents[1].vector"),
            (new("x", new float[] { 0, 0 }), "documents[1].vector"),
            (new("x", new float[] { 1, 2, 3 }), "documents[1].vector"),
            (new("", new float[] { 1, 2 }), "documents[1].id"),
            (new("a\u0001b", new float[] { 1, 2 }), "documents[1].id"),
            (new(new string('x', DocumentLimits.MaxIdBytes + 1), new float[] { 1, 2 }), "documents[1].id"),
            (new("x", new float[] { 1, 2 }, "[1,2]"), "documents[1].metadata"),
            (new("x", new float[] { 1, 2 }, "{not json"), "documents[1].metadata"),
            (new("x", new float[] { 1, 2 }, null, new string('t', DocumentLimits.MaxTextBytes + 1)), "documents[1].text"),
        ];

        foreach ((DocumentUpsert bad, string field) in cases)
        {
            var error = await Assert.ThrowsAsync<VectronValidationException>(() => collections.UpsertAsync("docs", [good, bad]));
            Assert.Equal(field, error.Field);
        }

        Assert.Empty(await collections.Logs.ListLogsAsync("docs"));
    }

    [Fact]
    public async Task UpsertAsync_BatchOver4MiB_IsRejectedWhole()
    {
        using VectronCollections collections = TestData.Collections();
        await collections.CreateAsync("big", new CollectionSettings(DocumentLimits.MaxDimensions));
        var random = new Random(5);
        List<DocumentUpsert> batch = Enumerable.Range(0, 300).Select(i => new DocumentUpsert($"d{i}", TestData.Vector(random, DocumentLimits.MaxDimensions))).ToList();

        var error = await Assert.ThrowsAsync<VectronValidationException>(() => collections.UpsertAsync("big", batch));

        Assert.Equal("documents", error.Field);
        Assert.Equal(0, (await collections.GetStatsAsync("big")).Count);
    }

    [Fact]
    public async Task DeleteDocumentsAsync_BeforeAndAfterCompaction_StaysDeleted()
    {
        using VectronCollections collections = TestData.Collections();
        await collections.CreateAsync("docs", new CollectionSettings(4));
        var random = new Random(6);
        await collections.UpsertAsync("docs", Enumerable.Range(0, 20).Select(i => TestData.Document(random, $"d{i}", 4)).ToList());

        await collections.DeleteDocumentsAsync("docs", ["d3", "d7", "never-existed"]);
        Assert.Null(await collections.GetDocumentAsync("docs", "d3"));
        await collections.CompactAsync("docs");

        Assert.Null(await collections.GetDocumentAsync("docs", "d3"));
        Assert.Null(await collections.GetDocumentAsync("docs", "d7"));
        Assert.NotNull(await collections.GetDocumentAsync("docs", "d4"));
        CollectionStats stats = await collections.GetStatsAsync("docs");
        Assert.Equal(18, stats.Count);
        Assert.Equal(1, stats.Segments);
        Assert.Equal(0, stats.LogBytes);
    }

    [Fact]
    public async Task UpsertAsync_SameBatchReplayed_ChangesNothing()
    {
        using VectronCollections collections = TestData.Collections();
        await collections.CreateAsync("docs", new CollectionSettings(8));
        var random = new Random(7);
        List<DocumentUpsert> batch = Enumerable.Range(0, 100).Select(i => TestData.Document(random, $"id-{i}", 8)).ToList();
        await collections.UpsertAsync("docs", batch);
        Dictionary<string, string> before = await SnapshotAsync(collections, "docs", batch);

        await collections.UpsertAsync("docs", batch);
        Dictionary<string, string> afterReplay = await SnapshotAsync(collections, "docs", batch);
        await collections.CompactAsync("docs");
        Dictionary<string, string> afterCompaction = await SnapshotAsync(collections, "docs", batch);

        Assert.Equal(before, afterReplay);
        Assert.Equal(before, afterCompaction);
        Assert.Equal(100, (await collections.GetStatsAsync("docs")).Count);
    }

    [Fact]
    public async Task FacadeAndReadPath_StorageUnreachable_ThrowStorageUnavailableWithRetryAfter()
    {
        string deadEndpoint = Regex.Replace(TestStorage.ConnectionString, @"BlobEndpoint=http://([^:/;]+):\d+", "BlobEndpoint=http://$1:1");
        using VectronCollections collections = TestData.Collections(tweak: o =>
        {
            o.ConnectionString = deadEndpoint;
            o.MaxRetries = 1;
            o.NetworkTimeout = TimeSpan.FromSeconds(2);
        });

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => collections.CreateAsync("docs", new CollectionSettings(4)));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => collections.Manifests.ReadAsync("docs"));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => collections.Logs.ListLogsAsync("docs"));

        Assert.True(error.RetryAfter > TimeSpan.Zero);
    }

    [Fact]
    public void Options_Invalid_ThrowWithEveryProblemListed()
    {
        var options = new VectronStorageOptions { ContainerName = "Bad_Name", WriterId = "UPPER", LogRollBytes = 1 };

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(options.Validate);

        Assert.Contains(error.Failures, f => f.Contains("ConnectionString", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("ContainerName", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("WriterId", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("LogRollBytes", StringComparison.Ordinal));
    }

    private static async Task<Dictionary<string, string>> SnapshotAsync(VectronCollections collections, string name, List<DocumentUpsert> batch)
    {
        var snapshot = new Dictionary<string, string>();
        foreach (DocumentUpsert document in batch)
        {
            StoredDocument stored = (await collections.GetDocumentAsync(name, document.Id))!;
            snapshot[document.Id] = JsonSerializer.Serialize(new { v = stored.Vector.ToArray(), m = stored.MetadataJson, t = stored.Text });
        }

        return snapshot;
    }

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
