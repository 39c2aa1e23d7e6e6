using System.Text;

namespace Vectron.Index.Storage;

/// <summary>The document part of a segment row: id, UTF-8 metadata JSON (empty when absent) and UTF-8 text.</summary>
public sealed record SegmentDocument(string Id, ReadOnlyMemory<byte> Metadata, ReadOnlyMemory<byte> Text)
{
    public string? MetadataJson => Metadata.IsEmpty ? null : Encoding.UTF8.GetString(Metadata.Span);

    public string? TextString => Text.IsEmpty ? null : Encoding.UTF8.GetString(Text.Span);
}
