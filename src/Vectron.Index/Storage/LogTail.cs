namespace Vectron.Index.Storage;

/// <summary>
/// Records read from one log since a position. <see cref="NextPosition"/> is the end of the last complete, valid
/// frame: pass it next time. <see cref="Stop"/> says whether a torn or corrupt tail was left for a later look.
/// </summary>
public sealed record LogTail(string BlobName, long FromPosition, long NextPosition, IReadOnlyList<PositionedRecord> Records, FrameStop Stop);
