using System.Text.Json.Serialization;

namespace Vectron.Index.Storage;

/// <summary>
/// The shape of a sealed segment: dimensions, row count and the byte range of each column block. It is recorded in
/// the manifest, so a reader can range-read a block without first reading the segment header.
/// </summary>
public sealed record SegmentLayout(int Dimensions, int Rows, IReadOnlyList<BlockRange> Blocks)
{
    public BlockRange this[SegmentBlock block] => Blocks[(int)block];

    [JsonIgnore]
    public BlockRange Vectors => this[SegmentBlock.Vectors];

    /// <summary>Whether the segment stores int8 and binary codes (format 2); a format 1 segment's are computed when
    /// it is loaded.</summary>
    [JsonIgnore]
    public bool HasCodes => Blocks.Count > (int)SegmentBlock.BinaryCodes;

    [JsonIgnore]
    public long TotalBytes => Blocks.Max(block => block.Offset + block.Length);

    /// <summary>Layouts are equal when their shape and every block range are (the list is compared by content).</summary>
    public bool Equals(SegmentLayout? other) =>
        other is not null && Dimensions == other.Dimensions && Rows == other.Rows && Blocks.SequenceEqual(other.Blocks);

    public override int GetHashCode() => HashCode.Combine(Dimensions, Rows, Blocks.Count > 0 ? Blocks[0] : default);
}
