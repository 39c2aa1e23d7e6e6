using Vectron.Index.Storage;

namespace Vectron.Index.Query;

/// <summary>The one home of the cache's size estimates (managed memory a part keeps alive).</summary>
internal static class SegmentBytes
{
    // Per row of a VectorBlock besides its vector data: the id reference and the metadata slot (a JsonElement).
    private const int RowOverhead = sizeof(long) + 16;

    // Per row with metadata: a cloned JsonDocument (object header, fields, a small metadata database).
    private const int MetadataDocumentOverhead = 96;

    public static long VectorBlock(SegmentInfo segment) =>
        (segment.Rows * (Search.VectorBlock.VectorBytesPerRow(segment.Layout.Dimensions) + RowOverhead)) + (2 * Search.VectorBlock.Alignment);

    /// <summary>A codes-only block: int8 and binary codes, scales, ids; no float32 vectors.</summary>
    public static long CodeBlock(SegmentInfo segment) =>
        (segment.Rows * (Search.VectorBlock.CodeBytesPerRow(segment.Layout.Dimensions) + RowOverhead)) + (2 * Search.VectorBlock.Alignment);

    /// <summary>A block of the given kind.</summary>
    public static long Block(SegmentInfo segment, bool codesOnly) => codesOnly ? CodeBlock(segment) : VectorBlock(segment);

    /// <summary>The UTF-8 bytes a cloned element keeps, plus its parsed token database (about as large again).</summary>
    public static long Metadata(IReadOnlyList<SegmentDocument> documents)
    {
        long bytes = 0;
        foreach (SegmentDocument document in documents)
        {
            bytes += document.Metadata.IsEmpty ? 0 : (2L * document.Metadata.Length) + MetadataDocumentOverhead;
        }

        return bytes;
    }

    public static long DocumentOffsets(SegmentInfo segment) => (segment.Rows + 1L) * sizeof(long);
}
