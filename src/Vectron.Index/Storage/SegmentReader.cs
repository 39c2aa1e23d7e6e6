using System.Buffers;
using System.IO.Hashing;
using Azure;
using Azure.Storage.Blobs.Models;

namespace Vectron.Index.Storage;

/// <summary>
/// Range reads of sealed segments for the query engine: each column block alone (the vector block first), and the
/// documents of chosen rows afterwards. Whole blocks are checked against the CRC the manifest recorded.
/// </summary>
public sealed class SegmentReader
{
    // Bytes per chunk of a streamed vector block: large enough that per-chunk work is noise, small enough to stay
    // out of the large object heap's way.
    private const int StreamChunkBytes = 64 * 1024;

    private readonly VectronStorage _storage;

    public SegmentReader(VectronStorage storage)
    {
        _storage = storage;
    }

    /// <summary>
    /// Streams the vector block (row-major L2-normalised float32, <c>rows × dimensions</c>) to <paramref name="onRows"/>
    /// a few hundred rows at a time, with the index of the first row passed. The caller copies the rows where they belong
    /// (the query cache's block), so a whole block is never held twice: for a 32k-row segment at 384 dimensions the
    /// transient is one chunk instead of a 50 MB buffer. The CRC covers the whole block and is checked after the last
    /// rows were passed on: when this throws <see cref="SegmentCorruptException"/>, discard what was built from them.
    /// </summary>
    public async Task ReadVectorBlockAsync(SegmentInfo segment, Action<ReadOnlySpan<float>, int> onRows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(onRows);
        BlockRange range = segment.Layout.Vectors;
        int rowBytes = segment.Layout.Dimensions * sizeof(float);
        if (range.Length != (long)segment.Rows * rowBytes)
        {
            throw new SegmentCorruptException(segment.BlobName, "vector block length does not match its rows");
        }

        if (range.Length == 0)
        {
            return;
        }

        int chunkRows = Math.Max(1, StreamChunkBytes / rowBytes);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(chunkRows * rowBytes);
        try
        {
            await _storage.ReadRangeAsync(
                segment.BlobName,
                range.Offset,
                range.Length,
                async content =>
                {
                    var crc = new Crc32(Crc32ParameterSet.Crc32C);
                    for (int row = 0; row < segment.Rows; row += chunkRows)
                    {
                        int rows = Math.Min(chunkRows, segment.Rows - row);
                        Memory<byte> bytes = chunk.AsMemory(0, rows * rowBytes);
                        await content.ReadExactlyAsync(bytes, cancellationToken);
                        crc.Append(bytes.Span);
                        onRows(SegmentCodec.Floats(bytes.Span, new SegmentLayout(segment.Layout.Dimensions, rows, segment.Layout.Blocks)), row);
                    }

                    SegmentCodec.VerifyCrc(crc.GetCurrentHashAsUInt32(), range, segment.BlobName);
                    return true;
                },
                cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>
    /// The int8 and binary codes of a format 2 segment (<see cref="SegmentLayout.HasCodes"/>) by one range read over
    /// its three adjacent code blocks, each checked against its CRC. About a quarter of the vector block's bytes at
    /// 384 dimensions, and all the fast mode needs besides the few rows it rescores.
    /// </summary>
    public async Task<SegmentCodes> ReadCodesAsync(SegmentInfo segment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        SegmentLayout layout = segment.Layout;
        if (!layout.HasCodes)
        {
            throw new InvalidOperationException($"Segment {segment.BlobName} is format 1 and stores no codes.");
        }

        BlockRange first = layout[SegmentBlock.Int8Codes];
        BlockRange last = layout[SegmentBlock.BinaryCodes];
        ReadOnlyMemory<byte> bytes = await ReadRangeAsync(segment.BlobName, first.Offset, last.Offset + last.Length - first.Offset, cancellationToken);
        return SegmentCodec.DecodeCodes(Slice(SegmentBlock.Int8Codes), Slice(SegmentBlock.Int8Scales), Slice(SegmentBlock.BinaryCodes), layout);

        ReadOnlySpan<byte> Slice(SegmentBlock block)
        {
            BlockRange range = layout[block];
            ReadOnlySpan<byte> slice = bytes.Span.Slice((int)(range.Offset - first.Offset), (int)range.Length);
            SegmentCodec.VerifyBlock(slice, range, segment.BlobName);
            return slice;
        }
    }

    /// <summary>The whole segment (compaction decodes it with <see cref="SegmentCodec.Decode"/>, which checks every
    /// block).</summary>
    public Task<ReadOnlyMemory<byte>> ReadSegmentAsync(SegmentInfo segment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return ReadRangeAsync(segment.BlobName, 0, segment.Bytes, cancellationToken);
    }

    /// <summary>The whole segment, read into <paramref name="buffer"/>: valid until the buffer's next use.</summary>
    internal Task<ReadOnlyMemory<byte>> ReadSegmentAsync(SegmentInfo segment, ReusableBuffer buffer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return ReadRangeAsync(segment.BlobName, 0, segment.Bytes, buffer, cancellationToken);
    }

    /// <summary>Row ids, sorted ordinal.</summary>
    public Task<string[]> ReadIdsAsync(SegmentInfo segment, CancellationToken cancellationToken = default) =>
        ReadDecodedAsync(segment, SegmentBlock.Ids, (block, s) => SegmentCodec.DecodeIds(block, s.Rows, s.BlobName), cancellationToken);

    /// <summary>Row versions (timestamp + writer tag) for last-writer-wins against log records.</summary>
    public Task<RecordVersion[]> ReadVersionsAsync(SegmentInfo segment, CancellationToken cancellationToken = default) =>
        ReadDecodedAsync(segment, SegmentBlock.Versions, (block, s) => SegmentCodec.DecodeVersions(block, s.Rows), cancellationToken);

    /// <summary>
    /// Recent deletes the segment retains (as delete records). A view applies them like log deletes, so an older
    /// write that is still in a log past the watermarks does not bring a document back.
    /// </summary>
    public Task<IReadOnlyList<LogRecord>> ReadTombstonesAsync(SegmentInfo segment, CancellationToken cancellationToken = default) =>
        ReadDecodedAsync(segment, SegmentBlock.Tombstones, (block, s) => SegmentCodec.DecodeTombstones(block, s.BlobName), cancellationToken);

    /// <summary>Document offsets (<c>rows + 1</c>); keep them to fetch documents with one read per row.</summary>
    public Task<long[]> ReadDocumentOffsetsAsync(SegmentInfo segment, CancellationToken cancellationToken = default) =>
        ReadDecodedAsync(segment, SegmentBlock.DocumentOffsets, (block, s) => SegmentCodec.DecodeDocumentOffsets(block, s.Rows), cancellationToken);

    /// <summary>
    /// The documents (id, metadata, text) of <paramref name="rows"/>, in that order, each by its own range read. Pass
    /// <paramref name="documentOffsets"/> when held; otherwise each row's offsets are read first (16 bytes each).
    /// </summary>
    public async Task<IReadOnlyList<SegmentDocument>> ReadDocumentsAsync(
        SegmentInfo segment,
        IReadOnlyList<int> rows,
        long[]? documentOffsets = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(rows);
        var reads = new Task<SegmentDocument>[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            int row = rows[i];
            ArgumentOutOfRangeException.ThrowIfNegative(row);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, segment.Rows);
            reads[i] = ReadDocumentAsync(segment, row, documentOffsets, cancellationToken);
        }

        return await Task.WhenAll(reads);
    }

    /// <summary>
    /// Every row's document in row order, from one read of the documents block (a metadata filter needs every row).
    /// Pass <paramref name="documentOffsets"/> when held.
    /// </summary>
    public async Task<IReadOnlyList<SegmentDocument>> ReadAllDocumentsAsync(
        SegmentInfo segment,
        long[]? documentOffsets = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        Task<long[]> offsetsRead = documentOffsets is null ? ReadDocumentOffsetsAsync(segment, cancellationToken) : Task.FromResult(documentOffsets);
        ReadOnlyMemory<byte> block = await ReadBlockAsync(segment, SegmentBlock.Documents, cancellationToken);
        long[] offsets = await offsetsRead;
        var documents = new SegmentDocument[segment.Rows];
        for (int row = 0; row < documents.Length; row++)
        {
            (long start, long end) = (offsets[row], offsets[row + 1]);
            CheckDocumentRange(segment, start, end);
            documents[row] = SegmentCodec.DecodeDocument(block.Slice((int)start, (int)(end - start)), segment.BlobName);
        }

        return documents;
    }

    /// <summary>One row's vector by range (a point lookup that does not need the whole block).</summary>
    public async Task<float[]> ReadVectorAsync(SegmentInfo segment, int row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        int bytes = segment.Layout.Dimensions * sizeof(float);
        ReadOnlyMemory<byte> vector = await ReadRangeAsync(segment.BlobName, segment.Layout.Vectors.Offset + ((long)row * bytes), bytes, cancellationToken);
        var layout = new SegmentLayout(segment.Layout.Dimensions, 1, segment.Layout.Blocks);
        return SegmentCodec.DecodeVectors(vector.Span, layout);
    }

    /// <summary>
    /// The vectors of <paramref name="rows"/> (in that order) by range reads of the vector block: runs of adjacent
    /// rows share one read, and the reads run in parallel. For rescoring a few candidates of a segment whose vector
    /// block is not held; like <see cref="ReadVectorAsync"/>, a part of a block has no CRC of its own.
    /// </summary>
    public async Task<float[][]> ReadVectorRowsAsync(SegmentInfo segment, IReadOnlyList<int> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(rows);
        int dimensions = segment.Layout.Dimensions;
        int rowBytes = dimensions * sizeof(float);
        int[] order = [.. Enumerable.Range(0, rows.Count).OrderBy(i => rows[i])];
        var vectors = new float[rows.Count][];
        var reads = new List<Task>();
        for (int start = 0; start < order.Length;)
        {
            int first = rows[order[start]];
            ArgumentOutOfRangeException.ThrowIfNegative(first, nameof(rows));
            int end = start + 1;
            while (end < order.Length && rows[order[end]] <= rows[order[end - 1]] + 1)
            {
                end++;
            }

            int last = rows[order[end - 1]];
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(last, segment.Rows, nameof(rows));
            int runStart = start;
            reads.Add(ReadRunAsync(first, last, order[runStart..end]));
            start = end;
        }

        await Task.WhenAll(reads);
        return vectors;

        async Task ReadRunAsync(int first, int last, int[] indexes)
        {
            ReadOnlyMemory<byte> run = await ReadRangeAsync(
                segment.BlobName, segment.Layout.Vectors.Offset + ((long)first * rowBytes), (long)(last - first + 1) * rowBytes, cancellationToken);
            float[] decoded = SegmentCodec.DecodeVectors(run.Span, new SegmentLayout(dimensions, last - first + 1, segment.Layout.Blocks));
            foreach (int index in indexes)
            {
                vectors[index] = decoded.AsSpan((rows[index] - first) * dimensions, dimensions).ToArray();
            }
        }
    }

    private async Task<SegmentDocument> ReadDocumentAsync(SegmentInfo segment, int row, long[]? documentOffsets, CancellationToken cancellationToken)
    {
        long start;
        long end;
        if (documentOffsets is not null)
        {
            (start, end) = (documentOffsets[row], documentOffsets[row + 1]);
        }
        else
        {
            ReadOnlyMemory<byte> pair = await ReadRangeAsync(segment.BlobName, segment.Layout[SegmentBlock.DocumentOffsets].Offset + (row * 8L), 16, cancellationToken);
            long[] offsets = SegmentCodec.DecodeDocumentOffsets(pair.Span, 1);
            (start, end) = (offsets[0], offsets[1]);
        }

        CheckDocumentRange(segment, start, end);
        ReadOnlyMemory<byte> document = await ReadRangeAsync(segment.BlobName, segment.Layout[SegmentBlock.Documents].Offset + start, end - start, cancellationToken);
        return SegmentCodec.DecodeDocument(document, segment.BlobName);
    }

    private static void CheckDocumentRange(SegmentInfo segment, long start, long end)
    {
        if (start < 0 || end < start || end > segment.Layout[SegmentBlock.Documents].Length)
        {
            throw new SegmentCorruptException(segment.BlobName, "document offsets out of range");
        }
    }

    private delegate T BlockDecoder<out T>(ReadOnlySpan<byte> block, SegmentInfo segment);

    private async Task<T> ReadDecodedAsync<T>(SegmentInfo segment, SegmentBlock block, BlockDecoder<T> decode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ReadOnlyMemory<byte> bytes = await ReadBlockAsync(segment, block, cancellationToken);
        return decode(bytes.Span, segment);
    }

    private async Task<ReadOnlyMemory<byte>> ReadBlockAsync(SegmentInfo segment, SegmentBlock block, CancellationToken cancellationToken)
    {
        BlockRange range = segment.Layout[block];
        ReadOnlyMemory<byte> bytes = await ReadRangeAsync(segment.BlobName, range.Offset, range.Length, cancellationToken);
        SegmentCodec.VerifyBlock(bytes.Span, range, segment.BlobName);
        return bytes;
    }

    private Task<ReadOnlyMemory<byte>> ReadRangeAsync(string blobName, long offset, long length, CancellationToken cancellationToken) =>
        ReadRangeAsync(blobName, offset, length, buffer: null, cancellationToken);

    private async Task<ReadOnlyMemory<byte>> ReadRangeAsync(string blobName, long offset, long length, ReusableBuffer? buffer, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        // Read into a buffer of the exact length: DownloadContentAsync grows a MemoryStream, which for a whole vector
        // block meant up to twice its size in transient copies.
        return await _storage.ReadRangeAsync(
            blobName,
            offset,
            length,
            async content =>
            {
                byte[] bytes = buffer?.AtLeast(checked((int)length)) ?? new byte[length];
                await content.ReadExactlyAsync(bytes.AsMemory(0, (int)length), cancellationToken);
                return new ReadOnlyMemory<byte>(bytes, 0, (int)length);
            },
            cancellationToken);
    }
}
