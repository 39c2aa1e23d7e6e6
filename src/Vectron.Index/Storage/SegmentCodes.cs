namespace Vectron.Index.Storage;

/// <summary>The codes a format 2 segment stores for the fast query mode: int8 codes (row-major) with one scale per
/// row, and binary sign codes (row-major 64-bit words).</summary>
public sealed record SegmentCodes(sbyte[] Int8Codes, float[] Scales, ulong[] BinaryCodes);
