namespace Vectron.Index.Storage;

/// <summary>
/// A sealed segment as the manifest records it: blob name, the ETag it was written with (segments never change, so
/// name + ETag is a safe cache key), and its layout (rows, dimensions, the byte range of every block).
/// </summary>
public sealed record SegmentInfo(string BlobName, string ETag, SegmentLayout Layout)
{
    public int Rows => Layout.Rows;

    public long Bytes => Layout.TotalBytes;
}
