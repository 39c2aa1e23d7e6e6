using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Vectron.Index.Search;

namespace Vectron.Index.Storage;

/// <summary>Builds <c>.vseg</c> bytes from resolved rows and decodes each block (see <see cref="SegmentBlock"/>).</summary>
public static class SegmentCodec
{
    private const int DocumentFixedBytes = 4 + 2 + 4;

    /// <summary>
    /// Encodes upsert rows, already sorted by id (ordinal) and unique, and retained delete tombstones as one segment;
    /// returns its bytes and layout.
    /// </summary>
    public static (byte[] Bytes, SegmentLayout Layout) Encode(IReadOnlyList<LogRecord> rows, int dimensions, IReadOnlyList<LogRecord>? tombstones = null)
    {
        (byte[] bytes, SegmentLayout layout) = Encode(rows, dimensions, tombstones, static length => new byte[length]);
        return (bytes, layout);
    }

    /// <summary>As <see cref="Encode(IReadOnlyList{LogRecord}, int, IReadOnlyList{LogRecord}?)"/>, into
    /// <paramref name="buffer"/>: the segment is the first <see cref="SegmentLayout.TotalBytes"/> bytes, valid until the
    /// buffer's next use.</summary>
    internal static (ReadOnlyMemory<byte> Bytes, SegmentLayout Layout) Encode(IReadOnlyList<LogRecord> rows, int dimensions, IReadOnlyList<LogRecord>? tombstones, ReusableBuffer buffer)
    {
        (byte[] bytes, SegmentLayout layout) = Encode(
            rows,
            dimensions,
            tombstones,
            length =>
            {
                // Alignment padding is not written, and must not carry the previous segment's bytes.
                byte[] array = buffer.AtLeast(length);
                array.AsSpan(0, length).Clear();
                return array;
            });
        return (bytes.AsMemory(0, checked((int)layout.TotalBytes)), layout);
    }

    private static (byte[] Bytes, SegmentLayout Layout) Encode(IReadOnlyList<LogRecord> rows, int dimensions, IReadOnlyList<LogRecord>? tombstones, Func<int, byte[]> allocate)
    {
        ArgumentNullException.ThrowIfNull(rows);
        tombstones ??= [];
        if (tombstones.Any(t => !t.IsDelete))
        {
            throw new ArgumentException("Tombstones must be deletes.", nameof(tombstones));
        }

        byte[][] tombstoneIds = tombstones.Select(t => Encoding.UTF8.GetBytes(t.Id)).ToArray();
        int count = rows.Count;
        var idBytes = new byte[count][];
        long idTotal = 0;
        long documentTotal = 0;
        for (int i = 0; i < count; i++)
        {
            LogRecord row = rows[i];
            if (row.IsDelete || row.Vector.Length != dimensions)
            {
                throw new ArgumentException($"Row {i} ('{row.Id}') is a delete or has the wrong dimensions.", nameof(rows));
            }

            if (i > 0 && string.CompareOrdinal(rows[i - 1].Id, row.Id) >= 0)
            {
                throw new ArgumentException("Rows must be sorted by id (ordinal) and unique.", nameof(rows));
            }

            idBytes[i] = Encoding.UTF8.GetBytes(row.Id);
            idTotal += idBytes[i].Length;
            documentTotal += DocumentFixedBytes + idBytes[i].Length + row.Metadata.Length + row.Text.Length;
        }

        long[] lengths =
        [
            (long)count * dimensions * sizeof(float),
            ((count + 1L) * sizeof(uint)) + idTotal,
            count * 16L,
            (count + 1L) * sizeof(long),
            documentTotal,
            4 + ((tombstones.Count + 1L) * sizeof(uint)) + tombstoneIds.Sum(id => (long)id.Length) + (tombstones.Count * 16L),
            (long)count * dimensions,
            count * (long)sizeof(float),
            (long)count * BinaryQuantizer.WordsPerRow(dimensions) * sizeof(ulong),
        ];
        var offsets = new long[SegmentFormat.BlockCount];
        long end = SegmentFormat.HeaderBytes;
        for (int b = 0; b < SegmentFormat.BlockCount; b++)
        {
            offsets[b] = SegmentFormat.Align(end);
            end = offsets[b] + lengths[b];
        }

        byte[] bytes = allocate(checked((int)end));
        WriteVectors(rows, bytes.AsSpan((int)offsets[0], (int)lengths[0]));
        WriteIds(idBytes, bytes.AsSpan((int)offsets[1], (int)lengths[1]));
        WriteVersions(rows, bytes.AsSpan((int)offsets[2], (int)lengths[2]));
        WriteDocuments(rows, idBytes, bytes.AsSpan((int)offsets[3], (int)lengths[3]), bytes.AsSpan((int)offsets[4], (int)lengths[4]));
        WriteTombstones(tombstones, tombstoneIds, bytes.AsSpan((int)offsets[5], (int)lengths[5]));
        WriteCodes(rows, dimensions, bytes.AsSpan((int)offsets[6], (int)lengths[6]), bytes.AsSpan((int)offsets[7], (int)lengths[7]), bytes.AsSpan((int)offsets[8], (int)lengths[8]));

        var blocks = new BlockRange[SegmentFormat.BlockCount];
        for (int b = 0; b < SegmentFormat.BlockCount; b++)
        {
            blocks[b] = new BlockRange(offsets[b], lengths[b], Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, bytes.AsSpan((int)offsets[b], (int)lengths[b])));
        }

        var layout = new SegmentLayout(dimensions, count, blocks);
        SegmentFormat.WriteHeader(layout, bytes);
        return (bytes, layout);
    }

    /// <summary>Decodes a whole segment back into rows and tombstones (compaction and tests); checks every checksum.</summary>
    public static DecodedSegment Decode(ReadOnlySpan<byte> segment, string blobName)
    {
        SegmentLayout layout = SegmentFormat.ReadHeader(segment, blobName);
        if (layout.TotalBytes > segment.Length)
        {
            throw new SegmentCorruptException(blobName, "truncated");
        }

        // Each row gets its own copy straight from the block: a decoded copy of the whole block first was one more
        // large transient per segment a compaction reads (docs/benchmarks.md, "Compaction's transient memory").
        ReadOnlySpan<float> vectors = Floats(Block(segment, layout, SegmentBlock.Vectors, blobName), layout);
        string[] ids = DecodeIds(Block(segment, layout, SegmentBlock.Ids, blobName), layout.Rows, blobName);
        RecordVersion[] versions = DecodeVersions(Block(segment, layout, SegmentBlock.Versions, blobName), layout.Rows);
        long[] documentOffsets = DecodeDocumentOffsets(Block(segment, layout, SegmentBlock.DocumentOffsets, blobName), layout.Rows);
        ReadOnlySpan<byte> documents = Block(segment, layout, SegmentBlock.Documents, blobName);
        var rows = new LogRecord[layout.Rows];
        for (int i = 0; i < rows.Length; i++)
        {
            SegmentDocument document = DecodeDocument(documents[(int)documentOffsets[i]..(int)documentOffsets[i + 1]], blobName);
            rows[i] = LogRecord.Upsert(ids[i], versions[i], vectors.Slice(i * layout.Dimensions, layout.Dimensions).ToArray(), document.Metadata.ToArray(), document.Text.ToArray());
        }

        if (layout.HasCodes)
        {
            // Compaction re-encodes codes from the vectors; the blocks are only checked, so a damaged one is reported.
            Block(segment, layout, SegmentBlock.Int8Codes, blobName);
            Block(segment, layout, SegmentBlock.Int8Scales, blobName);
            Block(segment, layout, SegmentBlock.BinaryCodes, blobName);
        }

        return new DecodedSegment(rows, DecodeTombstones(Block(segment, layout, SegmentBlock.Tombstones, blobName), blobName));
    }

    /// <summary>The int8 codes, their scales and the binary codes of a format 2 segment, from its three code blocks
    /// (each already checked against its CRC).</summary>
    public static SegmentCodes DecodeCodes(ReadOnlySpan<byte> int8Codes, ReadOnlySpan<byte> scales, ReadOnlySpan<byte> binaryCodes, SegmentLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var codes = MemoryMarshal.Cast<byte, sbyte>(int8Codes).ToArray();
        var decodedScales = new float[layout.Rows];
        LogRecordCodec.CopyLittleEndianFloats(scales, MemoryMarshal.AsBytes(decodedScales.AsSpan()));
        var bits = new ulong[binaryCodes.Length / sizeof(ulong)];
        for (int i = 0; i < bits.Length; i++)
        {
            bits[i] = BinaryPrimitives.ReadUInt64LittleEndian(binaryCodes[(i * sizeof(ulong))..]);
        }

        return new SegmentCodes(codes, decodedScales, bits);
    }

    /// <summary>Checks a block's CRC against the layout; throws <see cref="SegmentCorruptException"/> on mismatch.</summary>
    public static void VerifyBlock(ReadOnlySpan<byte> block, BlockRange range, string blobName)
    {
        if (block.Length != range.Length)
        {
            throw new SegmentCorruptException(blobName, "block checksum mismatch");
        }

        VerifyCrc(Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, block), range, blobName);
    }

    /// <summary>Checks a block's CRC-32C, computed by the caller (at once or as it streamed), against the recorded one.</summary>
    public static void VerifyCrc(uint crc, BlockRange range, string blobName)
    {
        if (crc != range.Crc)
        {
            throw new SegmentCorruptException(blobName, "block checksum mismatch");
        }
    }

    /// <summary>The floats of a vector block (or a run of its rows) in place where the machine is little-endian, else
    /// decoded into a new array.</summary>
    public static ReadOnlySpan<float> Floats(ReadOnlySpan<byte> block, SegmentLayout layout) =>
        BitConverter.IsLittleEndian ? MemoryMarshal.Cast<byte, float>(block)[..(layout.Rows * layout.Dimensions)] : DecodeVectors(block, layout);

    public static float[] DecodeVectors(ReadOnlySpan<byte> block, SegmentLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var vectors = new float[layout.Rows * layout.Dimensions];
        LogRecordCodec.CopyLittleEndianFloats(block, MemoryMarshal.AsBytes(vectors.AsSpan()));
        return vectors;
    }

    public static string[] DecodeIds(ReadOnlySpan<byte> block, int rows, string blobName)
    {
        int tableBytes = (rows + 1) * sizeof(uint);
        ReadOnlySpan<byte> text = block[tableBytes..];
        var ids = new string[rows];
        for (int i = 0; i < rows; i++)
        {
            uint start = BinaryPrimitives.ReadUInt32LittleEndian(block[(i * 4)..]);
            uint end = BinaryPrimitives.ReadUInt32LittleEndian(block[((i + 1) * 4)..]);
            if (end < start || end > text.Length)
            {
                throw new SegmentCorruptException(blobName, "id offsets out of range");
            }

            ids[i] = Encoding.UTF8.GetString(text[(int)start..(int)end]);
        }

        return ids;
    }

    public static RecordVersion[] DecodeVersions(ReadOnlySpan<byte> block, int rows)
    {
        var versions = new RecordVersion[rows];
        for (int i = 0; i < rows; i++)
        {
            versions[i] = new RecordVersion(
                BinaryPrimitives.ReadInt64LittleEndian(block[(i * 8)..]),
                BinaryPrimitives.ReadUInt64LittleEndian(block[((rows * 8) + (i * 8))..]));
        }

        return versions;
    }

    public static long[] DecodeDocumentOffsets(ReadOnlySpan<byte> block, int rows)
    {
        var offsets = new long[rows + 1];
        for (int i = 0; i <= rows; i++)
        {
            offsets[i] = BinaryPrimitives.ReadInt64LittleEndian(block[(i * 8)..]);
        }

        return offsets;
    }

    /// <summary>Decodes one row's document, checking its own CRC (documents are read one range at a time).</summary>
    public static SegmentDocument DecodeDocument(ReadOnlyMemory<byte> document, string blobName)
    {
        ReadOnlySpan<byte> span = document.Span;
        if (span.Length < DocumentFixedBytes
            || Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, span[4..]) != BinaryPrimitives.ReadUInt32LittleEndian(span))
        {
            throw new SegmentCorruptException(blobName, "document checksum mismatch");
        }

        int idLength = BinaryPrimitives.ReadUInt16LittleEndian(span[4..]);
        int metadataAt = 6 + idLength;
        uint metadataLength = span.Length >= metadataAt + 4 ? BinaryPrimitives.ReadUInt32LittleEndian(span[metadataAt..]) : uint.MaxValue;
        if (metadataLength > span.Length - metadataAt - 4)
        {
            throw new SegmentCorruptException(blobName, "document lengths out of range");
        }

        int textAt = metadataAt + 4 + (int)metadataLength;
        return new SegmentDocument(
            Encoding.UTF8.GetString(span.Slice(6, idLength)),
            document.Slice(metadataAt + 4, (int)metadataLength),
            document[textAt..]);
    }

    /// <summary>Decodes the tombstones block into delete records.</summary>
    public static IReadOnlyList<LogRecord> DecodeTombstones(ReadOnlySpan<byte> block, string blobName)
    {
        int count = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(block));
        ReadOnlySpan<byte> idBlock = block[4..];
        string[] ids = DecodeIds(idBlock, count, blobName);
        int idBlockLength = ((count + 1) * sizeof(uint)) + (int)BinaryPrimitives.ReadUInt32LittleEndian(idBlock[(count * 4)..]);
        RecordVersion[] versions = DecodeVersions(idBlock[idBlockLength..], count);
        var tombstones = new LogRecord[count];
        for (int i = 0; i < count; i++)
        {
            tombstones[i] = LogRecord.Delete(ids[i], versions[i]);
        }

        return tombstones;
    }

    private static SegmentDocument DecodeDocument(ReadOnlySpan<byte> document, string blobName) =>
        DecodeDocument(new ReadOnlyMemory<byte>(document.ToArray()), blobName);

    private static ReadOnlySpan<byte> Block(ReadOnlySpan<byte> segment, SegmentLayout layout, SegmentBlock block, string blobName)
    {
        BlockRange range = layout[block];
        ReadOnlySpan<byte> bytes = segment.Slice((int)range.Offset, (int)range.Length);
        VerifyBlock(bytes, range, blobName);
        return bytes;
    }

    private static void WriteVectors(IReadOnlyList<LogRecord> rows, Span<byte> block)
    {
        int at = 0;
        foreach (LogRecord row in rows)
        {
            ReadOnlySpan<byte> vector = MemoryMarshal.AsBytes(row.Vector.AsSpan());
            LogRecordCodec.CopyLittleEndianFloats(vector, block[at..]);
            at += vector.Length;
        }
    }

    // The same quantizers the in-memory blocks use, so codes read from a segment equal codes computed at load.
    private static void WriteCodes(IReadOnlyList<LogRecord> rows, int dimensions, Span<byte> int8Block, Span<byte> scaleBlock, Span<byte> binaryBlock)
    {
        int words = BinaryQuantizer.WordsPerRow(dimensions);
        Span<ulong> bits = words <= 64 ? stackalloc ulong[words] : new ulong[words];
        Span<sbyte> codes = MemoryMarshal.Cast<byte, sbyte>(int8Block);
        for (int i = 0; i < rows.Count; i++)
        {
            float scale = Int8Quantizer.Quantize(rows[i].Vector, codes.Slice(i * dimensions, dimensions));
            BinaryPrimitives.WriteSingleLittleEndian(scaleBlock[(i * sizeof(float))..], scale);
            BinaryQuantizer.Encode(rows[i].Vector, bits);
            for (int w = 0; w < words; w++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(binaryBlock[(((i * words) + w) * sizeof(ulong))..], bits[w]);
            }
        }
    }

    private static void WriteIds(byte[][] idBytes, Span<byte> block)
    {
        int tableBytes = (idBytes.Length + 1) * sizeof(uint);
        uint at = 0;
        for (int i = 0; i < idBytes.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(block[(i * 4)..], at);
            idBytes[i].CopyTo(block[(tableBytes + (int)at)..]);
            at += (uint)idBytes[i].Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(block[(idBytes.Length * 4)..], at);
    }

    private static void WriteTombstones(IReadOnlyList<LogRecord> tombstones, byte[][] ids, Span<byte> block)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(block, (uint)tombstones.Count);
        WriteIds(ids, block[4..]);
        int idBlockLength = ((ids.Length + 1) * sizeof(uint)) + ids.Sum(id => id.Length);
        WriteVersions(tombstones, block[(4 + idBlockLength)..]);
    }

    private static void WriteVersions(IReadOnlyList<LogRecord> rows, Span<byte> block)
    {
        for (int i = 0; i < rows.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(block[(i * 8)..], rows[i].Version.Timestamp);
            BinaryPrimitives.WriteUInt64LittleEndian(block[((rows.Count * 8) + (i * 8))..], rows[i].Version.WriterTag);
        }
    }

    private static void WriteDocuments(IReadOnlyList<LogRecord> rows, byte[][] idBytes, Span<byte> offsetBlock, Span<byte> block)
    {
        long at = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(offsetBlock[(i * 8)..], at);
            Span<byte> document = block[(int)at..];
            BinaryPrimitives.WriteUInt16LittleEndian(document[4..], (ushort)idBytes[i].Length);
            idBytes[i].CopyTo(document[6..]);
            int metadataAt = 6 + idBytes[i].Length;
            BinaryPrimitives.WriteUInt32LittleEndian(document[metadataAt..], (uint)rows[i].Metadata.Length);
            rows[i].Metadata.CopyTo(document[(metadataAt + 4)..]);
            rows[i].Text.CopyTo(document[(metadataAt + 4 + rows[i].Metadata.Length)..]);
            int length = metadataAt + 4 + rows[i].Metadata.Length + rows[i].Text.Length;
            BinaryPrimitives.WriteUInt32LittleEndian(document, Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, document[4..length]));
            at += length;
        }

        BinaryPrimitives.WriteInt64LittleEndian(offsetBlock[(rows.Count * 8)..], at);
    }
}
