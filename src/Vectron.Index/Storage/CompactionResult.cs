namespace Vectron.Index.Storage;

/// <summary>What one compaction did. <see cref="Compacted"/> is false when another compactor held the lease.
/// <see cref="SegmentsWritten"/> and <see cref="BytesWritten"/> count uploaded segments only; <see cref="RowsWritten"/>
/// counts every live row of the new segment list, kept segments included.</summary>
public sealed record CompactionResult(
    bool Compacted,
    long Generation,
    int SegmentsWritten,
    int RowsWritten,
    int RecordsMerged,
    long BytesRead,
    long BytesWritten,
    int BlobsDeleted)
{
    public static CompactionResult Skipped { get; } = new(false, -1, 0, 0, 0, 0, 0, 0);
}
