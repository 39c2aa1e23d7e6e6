using Vectron.Index.Collections;
using Vectron.Index.Storage;

namespace Vectron.Index.Tests.Storage;

public sealed class SegmentReaderTests
{
    private const int Dimensions = 384;

    [Fact]
    public async Task ReadVectorBlockAsync_BlockOfManyChunks_PassesEveryRowOnceInOrder()
    {
        using VectronCollections collections = TestData.Collections();
        SegmentInfo segment = await CompactedSegmentAsync(collections, "stream", rows: 100);

        var firstRows = new List<int>();
        float[] streamed = new float[segment.Rows * Dimensions];
        await collections.Segments.ReadVectorBlockAsync(segment, (rows, firstRow) =>
        {
            firstRows.Add(firstRow);
            rows.CopyTo(streamed.AsSpan(firstRow * Dimensions));
        });

        // 100 rows of 1,536 bytes take several chunks, each starting where the previous one ended.
        Assert.True(firstRows.Count > 1, $"{firstRows.Count} chunk(s)");
        Assert.Equal(0, firstRows[0]);
        Assert.Equal(firstRows.Order(), firstRows);
        float[][] byRange = await collections.Segments.ReadVectorRowsAsync(segment, [.. Enumerable.Range(0, segment.Rows)]);
        for (int row = 0; row < segment.Rows; row++)
        {
            Assert.Equal(byRange[row], streamed.AsSpan(row * Dimensions, Dimensions).ToArray());
        }
    }

    [Fact]
    public async Task ReadVectorBlockAsync_OneByteOfTheBlockChanged_ThrowsSegmentCorrupt()
    {
        using VectronCollections collections = TestData.Collections();
        SegmentInfo segment = await CompactedSegmentAsync(collections, "corrupt", rows: 100);
        var blob = collections.Storage.Container.GetBlobClient(segment.BlobName);
        byte[] bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        bytes[segment.Layout.Vectors.Offset + segment.Layout.Vectors.Length - 3] ^= 0x10;
        await blob.UploadAsync(new BinaryData(bytes), overwrite: true);

        int rowsPassed = 0;
        await Assert.ThrowsAsync<SegmentCorruptException>(() =>
            collections.Segments.ReadVectorBlockAsync(segment, (rows, _) => rowsPassed += rows.Length / Dimensions));
        Assert.Equal(segment.Rows, rowsPassed);
    }

    private static async Task<SegmentInfo> CompactedSegmentAsync(VectronCollections collections, string name, int rows)
    {
        await collections.CreateAsync(name, new CollectionSettings(Dimensions));
        var random = new Random(17);
        await collections.UpsertAsync(name, [.. Enumerable.Range(0, rows).Select(i => TestData.Document(random, $"doc-{i:D3}", Dimensions, 20))]);
        await collections.CompactAsync(name);
        return Assert.Single((await collections.Manifests.ReadAsync(name)).Manifest.Segments);
    }
}
