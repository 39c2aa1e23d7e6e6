using System.Buffers.Binary;
using System.IO.Hashing;

namespace Vectron.Index.Storage;

/// <summary>
/// The <c>.vseg</c> header: magic, version, dimensions, rows, then offset/length/CRC of each block, then a CRC of the
/// header itself. Blocks follow, each starting on a 64-byte boundary so vectors can be scanned aligned.
/// </summary>
public static class SegmentFormat
{
    public const uint Magic = 0x47455356; // "VSEG" little-endian
    public const ushort Version = 1;
    public const int Alignment = 64;
    public const int BlockCount = 6;
    private const int BlockEntryBytes = 24;
    private const int BlockTableOffset = 16;
    private const int HeaderCrcOffset = BlockTableOffset + (BlockCount * BlockEntryBytes);

    /// <summary>Header size, padded to the alignment.</summary>
    public const int HeaderBytes = 192;

    public static long Align(long offset) => (offset + Alignment - 1) & ~(long)(Alignment - 1);

    internal static void WriteHeader(SegmentLayout layout, Span<byte> header)
    {
        header[..HeaderBytes].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], BlockCount);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], layout.Dimensions);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], layout.Rows);
        for (int i = 0; i < BlockCount; i++)
        {
            Span<byte> entry = header[(BlockTableOffset + (i * BlockEntryBytes))..];
            BinaryPrimitives.WriteInt64LittleEndian(entry, layout.Blocks[i].Offset);
            BinaryPrimitives.WriteInt64LittleEndian(entry[8..], layout.Blocks[i].Length);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[16..], layout.Blocks[i].Crc);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(header[HeaderCrcOffset..], Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, header[..HeaderCrcOffset]));
    }

    /// <summary>Parses and checks a header; throws <see cref="SegmentCorruptException"/> when it is not valid.</summary>
    public static SegmentLayout ReadHeader(ReadOnlySpan<byte> header, string blobName)
    {
        if (header.Length < HeaderBytes || BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic)
        {
            throw new SegmentCorruptException(blobName, "not a .vseg header");
        }

        if (Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, header[..HeaderCrcOffset]) != BinaryPrimitives.ReadUInt32LittleEndian(header[HeaderCrcOffset..]))
        {
            throw new SegmentCorruptException(blobName, "header checksum mismatch");
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(header[4..]) != Version || BinaryPrimitives.ReadUInt16LittleEndian(header[6..]) != BlockCount)
        {
            throw new SegmentCorruptException(blobName, "unsupported format version");
        }

        var blocks = new BlockRange[BlockCount];
        for (int i = 0; i < BlockCount; i++)
        {
            ReadOnlySpan<byte> entry = header[(BlockTableOffset + (i * BlockEntryBytes))..];
            blocks[i] = new BlockRange(
                BinaryPrimitives.ReadInt64LittleEndian(entry),
                BinaryPrimitives.ReadInt64LittleEndian(entry[8..]),
                BinaryPrimitives.ReadUInt32LittleEndian(entry[16..]));
        }

        return new SegmentLayout(BinaryPrimitives.ReadInt32LittleEndian(header[8..]), BinaryPrimitives.ReadInt32LittleEndian(header[12..]), blocks);
    }
}
