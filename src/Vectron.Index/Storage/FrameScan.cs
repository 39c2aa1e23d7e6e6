namespace Vectron.Index.Storage;

/// <summary>A log record and the byte offset of its frame within its log blob.</summary>
public readonly record struct PositionedRecord(long Offset, LogRecord Record);

/// <summary>The result of decoding log bytes: the complete frames, how far they reach, and why decoding stopped.</summary>
public sealed record FrameScan(IReadOnlyList<PositionedRecord> Records, int ConsumedBytes, FrameStop Stop);
