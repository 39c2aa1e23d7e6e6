namespace Vectron.Index.Storage;

/// <summary>What one compaction did. <see cref="Compacted"/> is false when another compactor held the lease.</summary>
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
