namespace Vectron.Index.Storage;

/// <summary>Where a column block sits in a segment blob, and the CRC-32C of its bytes.</summary>
public readonly record struct BlockRange(long Offset, long Length, uint Crc);
