using System.Buffers.Binary;
using System.IO.Hashing;

namespace Vectron.Index.Storage;

/// <summary>
/// The <c>.vseg</c> header: magic, version, block count, dimensions, rows, then offset/length/CRC of each block, then
/// a CRC of the header itself. Blocks follow, each starting on a 64-byte boundary so vectors can be scanned aligned.
/// Version 2 (written now) adds the int8 and binary code blocks after version 1's six; version 1 segments are still
/// read (their codes are computed when loaded).
/// </summary>
public static class SegmentFormat
{
    public const uint Magic = 0x47455356; // "VSEG" little-endian
    public const ushort Version = 2;
    public const int Alignment = 64;
    public const int BlockCount = 9;

    /// <summary>Blocks of a version 1 segment (no codes).</summary>
    public const int Version1BlockCount = 6;

    private const int BlockEntryBytes = 24;
    private const int BlockTableOffset = 16;

    /// <summary>Header size, padded to the alignment.</summary>
    public const int HeaderBytes = 256;

    /// <summary>The bytes a header's CRC covers (everything before the CRC) for <paramref name="blockCount"/> blocks.</summary>
    public static int HeaderCrcOffset(int blockCount) => BlockTableOffset + (blockCount * BlockEntryBytes);

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

        int crcOffset = HeaderCrcOffset(BlockCount);
        BinaryPrimitives.WriteUInt32LittleEndian(header[crcOffset..], Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, header[..crcOffset]));
    }

    /// <summary>Parses and checks a header; throws <see cref="SegmentCorruptException"/> when it is not valid.</summary>
    public static SegmentLayout ReadHeader(ReadOnlySpan<byte> header, string blobName)
    {
        if (header.Length < BlockTableOffset || BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic)
        {
            throw new SegmentCorruptException(blobName, "not a .vseg header");
        }

        // The block count is checked against the version before the CRC, so a damaged count cannot send the CRC
        // check past the header; a damaged version or count then fails the CRC or this check.
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        int blockCount = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
        if (!(version == Version && blockCount == BlockCount) && !(version == 1 && blockCount == Version1BlockCount))
        {
            throw new SegmentCorruptException(blobName, "unsupported format version");
        }

        int crcOffset = HeaderCrcOffset(blockCount);
        if (header.Length < crcOffset + sizeof(uint)
            || Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, header[..crcOffset]) != BinaryPrimitives.ReadUInt32LittleEndian(header[crcOffset..]))
        {
            throw new SegmentCorruptException(blobName, "header checksum mismatch");
        }

        var blocks = new BlockRange[blockCount];
        for (int i = 0; i < blockCount; i++)
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
