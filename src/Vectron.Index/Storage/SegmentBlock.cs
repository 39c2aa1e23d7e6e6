namespace Vectron.Index.Storage;

/// <summary>The column blocks of a sealed segment, in file order. Values are part of the format.</summary>
public enum SegmentBlock
{
    /// <summary>float32[rows × dimensions], L2-normalised, little-endian.</summary>
    Vectors = 0,

    /// <summary>u32 offsets[rows + 1] relative to the end of the offset table, then UTF-8 ids (sorted ordinal).</summary>
    Ids = 1,

    /// <summary>i64 timestamps[rows], then u64 writer tags[rows].</summary>
    Versions = 2,

    /// <summary>u64 offsets[rows + 1] of each row's document within the documents block.</summary>
    DocumentOffsets = 3,

    /// <summary>Per row: u32 crc32c of the rest, u16 id length + id, u32 metadata length + metadata, text.</summary>
    Documents = 4,
}
