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

    /// <summary>
    /// Recent deletes kept so that an older write still in a log cannot bring a document back: u32 count, u32
    /// offsets[count + 1] + UTF-8 ids, i64 timestamps[count], u64 writer tags[count].
    /// </summary>
    Tombstones = 5,

    /// <summary>Format 2: int8 codes[rows × dimensions], one scale per row (see <c>Int8Quantizer</c>).</summary>
    Int8Codes = 6,

    /// <summary>Format 2: float32 scales[rows] of the int8 codes, little-endian.</summary>
    Int8Scales = 7,

    /// <summary>Format 2: sign bits, u64 words[rows × ceil(dimensions / 64)] little-endian, bit i of a row set when
    /// its dimension i is positive (see <c>BinaryQuantizer</c>).</summary>
    BinaryCodes = 8,
}
