namespace Vectron.Index.Collections;

/// <summary>
/// A collection's size: live documents, sealed segments, bytes in segments and in not yet compacted logs, and the
/// compaction generation of the manifest.
/// </summary>
public sealed record CollectionStats(string Name, int Count, int Segments, long SegmentBytes, long LogBytes, long Generation)
{
    public long Bytes => SegmentBytes + LogBytes;
}
