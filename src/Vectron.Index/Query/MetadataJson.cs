using System.Text.Json;
using Vectron.Index.Search;

namespace Vectron.Index.Query;

/// <summary>Appends stored rows (metadata as UTF-8 JSON) to a <see cref="VectorBlock"/>.</summary>
internal static class MetadataJson
{
    /// <summary>Appends a row; empty metadata means none. The block clones the parsed element.</summary>
    public static void AppendRow(VectorBlock block, string id, ReadOnlySpan<float> vector, ReadOnlyMemory<byte> metadata)
    {
        using JsonDocument? document = metadata.IsEmpty ? null : JsonDocument.Parse(metadata);
        if (!block.TryAppend(id, vector, document?.RootElement ?? default))
        {
            throw new InvalidOperationException("The block is full.");
        }
    }

    /// <summary>Appends a codes-only row (a segment's stored codes); empty metadata means none.</summary>
    public static void AppendCodesRow(
        VectorBlock block, string id, ReadOnlySpan<sbyte> int8Codes, float scale, ReadOnlySpan<ulong> binaryCode, ReadOnlyMemory<byte> metadata)
    {
        using JsonDocument? document = metadata.IsEmpty ? null : JsonDocument.Parse(metadata);
        if (!block.TryAppendCodes(id, int8Codes, scale, binaryCode, document?.RootElement ?? default))
        {
            throw new InvalidOperationException("The block is full.");
        }
    }
}
