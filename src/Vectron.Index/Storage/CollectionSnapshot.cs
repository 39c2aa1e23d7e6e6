namespace Vectron.Index.Storage;

/// <summary>
/// What a scan needs after last-writer-wins: each sealed segment with a flag per row (false when a newer log record
/// or a tombstone superseded the row), and the log records that are the live version of their document. Every live
/// document appears exactly once, either as a live segment row or as a live log record.
/// </summary>
public sealed record CollectionSnapshot(
    CollectionManifest Manifest,
    IReadOnlyList<SegmentSnapshot> Segments,
    IReadOnlyList<LogRecord> LiveLogRecords);

/// <summary>A sealed segment, which of its rows are live, and the id of each row (the reader holds them already).</summary>
public sealed record SegmentSnapshot(SegmentInfo Segment, IReadOnlyList<bool> LiveRows, IReadOnlyList<string> Ids);
