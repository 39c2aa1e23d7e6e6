using Vectron.Index.Storage;

namespace Vectron.Index.Tests.Storage;

public sealed class SegmentCodecTests
{
    [Theory]
    [InlineData(21, 1)]
    [InlineData(22, 17)]
    [InlineData(23, 384)]
    public void Decode_EncodedRandomRows_RoundTrips(int seed, int dimensions)
    {
        var random = new Random(seed);
        for (int round = 0; round < 8; round++)
        {
            List<LogRecord> rows = RandomRows(random, random.Next(0, 120), dimensions);
            List<LogRecord> tombstones = Enumerable.Range(0, random.Next(0, 20))
                .Select(_ => LogRecord.Delete(TestData.UnicodeString(random, 30), new RecordVersion(random.NextInt64(), (ulong)random.NextInt64())))
                .ToList();

            (byte[] bytes, SegmentLayout layout) = SegmentCodec.Encode(rows, dimensions, tombstones);
            DecodedSegment segment = SegmentCodec.Decode(bytes, "test.vseg");
            IReadOnlyList<LogRecord> decoded = segment.Rows;

            Assert.Equal(rows.Count, layout.Rows);
            Assert.Equal(layout, SegmentFormat.ReadHeader(bytes, "test.vseg"));
            Assert.Equal(bytes.Length, layout.TotalBytes);
            Assert.Equal(rows.Count, decoded.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                TestData.AssertSame(rows[i], decoded[i]);
            }

            Assert.Equal(tombstones.Count, segment.Tombstones.Count);
            for (int i = 0; i < tombstones.Count; i++)
            {
                TestData.AssertSame(tombstones[i], segment.Tombstones[i]);
            }
        }
    }

    [Fact]
    public void Encode_IntoABufferALargerSegmentFilled_WritesTheBytesOfAFreshEncode()
    {
        var random = new Random(26);
        const int dimensions = 7;
        var buffer = new ReusableBuffer();
        SegmentCodec.Encode(RandomRows(random, 90, dimensions), dimensions, null, buffer);
        List<LogRecord> rows = RandomRows(random, 40, dimensions);

        (ReadOnlyMemory<byte> reused, SegmentLayout layout) = SegmentCodec.Encode(rows, dimensions, null, buffer);

        // Alignment padding and the bytes after the segment are where the larger one's leftovers would show.
        Assert.Equal(SegmentCodec.Encode(rows, dimensions).Bytes, reused.ToArray());
        Assert.Equal(layout.TotalBytes, reused.Length);
        TestData.AssertSame(rows[^1], SegmentCodec.Decode(reused.Span, "reused.vseg").Rows[^1]);
    }

    [Fact]
    public void Encode_AnyRows_StartsEveryBlockOnA64ByteBoundaryVectorsFirst()
    {
        var random = new Random(24);
        for (int round = 0; round < 20; round++)
        {
            int dimensions = random.Next(1, 50);
            (_, SegmentLayout layout) = SegmentCodec.Encode(RandomRows(random, random.Next(0, 40), dimensions), dimensions);

            Assert.All(layout.Blocks, block => Assert.Equal(0, block.Offset % SegmentFormat.Alignment));
            Assert.Equal(SegmentFormat.HeaderBytes, layout.Vectors.Offset);
            Assert.Equal((long)layout.Rows * dimensions * sizeof(float), layout.Vectors.Length);
        }
    }

    [Fact]
    public void DecodeBlocks_SlicedByLayout_MatchRows()
    {
        var random = new Random(25);
        const int dimensions = 9;
        List<LogRecord> rows = RandomRows(random, 50, dimensions);
        (byte[] bytes, SegmentLayout layout) = SegmentCodec.Encode(rows, dimensions);

        float[] vectors = SegmentCodec.DecodeVectors(Slice(bytes, layout.Vectors), layout);
        string[] ids = SegmentCodec.DecodeIds(Slice(bytes, layout[SegmentBlock.Ids]), layout.Rows, "x");
        RecordVersion[] versions = SegmentCodec.DecodeVersions(Slice(bytes, layout[SegmentBlock.Versions]), layout.Rows);
        long[] offsets = SegmentCodec.DecodeDocumentOffsets(Slice(bytes, layout[SegmentBlock.DocumentOffsets]), layout.Rows);

        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i].Vector, vectors.AsSpan(i * dimensions, dimensions).ToArray());
            Assert.Equal(rows[i].Id, ids[i]);
            Assert.Equal(rows[i].Version, versions[i]);
            long start = layout[SegmentBlock.Documents].Offset + offsets[i];
            SegmentDocument document = SegmentCodec.DecodeDocument(bytes.AsMemory((int)start, (int)(offsets[i + 1] - offsets[i])), "x");
            Assert.Equal(rows[i].Id, document.Id);
            Assert.Equal(rows[i].Metadata, document.Metadata.ToArray());
            Assert.Equal(rows[i].Text, document.Text.ToArray());
        }
    }

    [Fact]
    public void Decode_AnyCorruptedHeaderOrBlockByte_ThrowsSegmentCorrupt()
    {
        var random = new Random(26);
        const int dimensions = 5;
        (byte[] original, SegmentLayout layout) = SegmentCodec.Encode(
            RandomRows(random, 30, dimensions), dimensions, [LogRecord.Delete("gone", new RecordVersion(5, 6))]);
        int checkedHeaderBytes = SegmentFormat.HeaderCrcOffset(SegmentFormat.BlockCount) + 4;
        for (int round = 0; round < 300; round++)
        {
            byte[] bytes = (byte[])original.Clone();
            int position;
            if (random.Next(4) == 0)
            {
                position = random.Next(checkedHeaderBytes);
            }
            else
            {
                BlockRange block = layout.Blocks[random.Next(layout.Blocks.Count)];
                position = (int)block.Offset + random.Next((int)block.Length);
            }

            bytes[position] ^= (byte)random.Next(1, 256);

            Assert.Throws<SegmentCorruptException>(() => SegmentCodec.Decode(bytes, "bad.vseg"));
        }
    }

    [Theory]
    [InlineData(31, 1)]
    [InlineData(32, 63)]
    [InlineData(33, 64)]
    [InlineData(34, 65)]
    [InlineData(35, 384)]
    public void DecodeCodes_EncodedRandomRows_EqualCodesComputedFromTheVectors(int seed, int dimensions)
    {
        var random = new Random(seed);
        for (int round = 0; round < 6; round++)
        {
            List<LogRecord> rows = RandomRows(random, random.Next(0, 80), dimensions);
            (byte[] bytes, SegmentLayout layout) = SegmentCodec.Encode(rows, dimensions);

            SegmentCodes codes = SegmentCodec.DecodeCodes(
                Slice(bytes, layout[SegmentBlock.Int8Codes]), Slice(bytes, layout[SegmentBlock.Int8Scales]), Slice(bytes, layout[SegmentBlock.BinaryCodes]), layout);

            Assert.True(layout.HasCodes);
            int words = Vectron.Index.Search.BinaryQuantizer.WordsPerRow(dimensions);
            Assert.Equal(rows.Count * dimensions, codes.Int8Codes.Length);
            Assert.Equal(rows.Count * words, codes.BinaryCodes.Length);
            for (int i = 0; i < rows.Count; i++)
            {
                var expectedCodes = new sbyte[dimensions];
                float expectedScale = Vectron.Index.Search.Int8Quantizer.Quantize(rows[i].Vector, expectedCodes);
                var expectedBits = new ulong[words];
                Vectron.Index.Search.BinaryQuantizer.Encode(rows[i].Vector, expectedBits);
                Assert.Equal(expectedCodes, codes.Int8Codes.AsSpan(i * dimensions, dimensions).ToArray());
                Assert.Equal(expectedScale, codes.Scales[i]);
                Assert.Equal(expectedBits, codes.BinaryCodes.AsSpan(i * words, words).ToArray());
            }
        }
    }

    [Fact]
    public void Decode_Version1Segment_ReadsRowsWithoutCodes()
    {
        var random = new Random(36);
        for (int round = 0; round < 10; round++)
        {
            int dimensions = random.Next(1, 100);
            List<LogRecord> rows = RandomRows(random, random.Next(0, 40), dimensions);
            byte[] bytes = AsVersion1(SegmentCodec.Encode(rows, dimensions).Bytes);

            SegmentLayout layout = SegmentFormat.ReadHeader(bytes, "v1.vseg");
            DecodedSegment segment = SegmentCodec.Decode(bytes, "v1.vseg");

            Assert.False(layout.HasCodes);
            Assert.Equal(SegmentFormat.Version1BlockCount, layout.Blocks.Count);
            Assert.Equal(rows.Count, segment.Rows.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                TestData.AssertSame(rows[i], segment.Rows[i]);
            }
        }
    }

    [Fact]
    public void ReadHeader_UnknownVersionOrBlockCount_ThrowsSegmentCorrupt()
    {
        (byte[] bytes, _) = SegmentCodec.Encode(RandomRows(new Random(37), 3, 4), 4);
        foreach ((ushort version, ushort blocks) in new (ushort, ushort)[] { (3, 9), (2, 6), (1, 9), (0, 0) })
        {
            byte[] changed = (byte[])bytes.Clone();
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(changed.AsSpan(4), version);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(changed.AsSpan(6), blocks);

            var exception = Assert.Throws<SegmentCorruptException>(() => SegmentFormat.ReadHeader(changed, "x.vseg"));
            Assert.Contains("version", exception.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>The same segment with a version 1 header: six blocks, the code blocks left as unreferenced bytes.</summary>
    internal static byte[] AsVersion1(byte[] version2)
    {
        byte[] bytes = (byte[])version2.Clone();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), SegmentFormat.Version1BlockCount);
        int crcOffset = SegmentFormat.HeaderCrcOffset(SegmentFormat.Version1BlockCount);
        bytes.AsSpan(crcOffset, SegmentFormat.HeaderBytes - crcOffset).Clear();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(
            bytes.AsSpan(crcOffset), System.IO.Hashing.Crc32.HashToUInt32(System.IO.Hashing.Crc32ParameterSet.Crc32C, bytes.AsSpan(0, crcOffset)));
        return bytes;
    }

    [Fact]
    public void Encode_UnsortedRows_Throws()
    {
        var random = new Random(27);
        List<LogRecord> rows = RandomRows(random, 5, 3);
        rows.Reverse();

        Assert.Throws<ArgumentException>(() => SegmentCodec.Encode(rows, 3));
    }

    private static ReadOnlySpan<byte> Slice(byte[] bytes, BlockRange range) => bytes.AsSpan((int)range.Offset, (int)range.Length);

    internal static List<LogRecord> RandomRows(Random random, int count, int dimensions)
    {
        var byId = new Dictionary<string, LogRecord>(StringComparer.Ordinal);
        while (byId.Count < count)
        {
            LogRecord record = TestData.Record(random, dimensions);
            if (!record.IsDelete)
            {
                byId[record.Id] = record;
            }
        }

        return byId.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
    }
}
