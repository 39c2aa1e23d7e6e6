namespace Vectron.Index.Storage;

/// <summary>A whole segment decoded: its live rows (sorted by id) and the delete tombstones it retains.</summary>
public sealed record DecodedSegment(IReadOnlyList<LogRecord> Rows, IReadOnlyList<LogRecord> Tombstones);
