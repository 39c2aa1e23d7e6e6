using Vectron.Index.Collections;

namespace Vectron.Index.Storage;

/// <summary>
/// <c>manifest.json</c>: a collection's settings, its sealed segments, and per-log watermarks (bytes of each log already
/// folded into the segments). Changed only by compare-and-swap; never holds documents.
/// </summary>
public sealed record CollectionManifest
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public required string Name { get; init; }

    public required CollectionSettings Settings { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Incremented by every compaction.</summary>
    public long Generation { get; init; }

    public IReadOnlyList<SegmentInfo> Segments { get; init; } = [];

    /// <summary>Log blob name → bytes of it already in <see cref="Segments"/>; a reader starts each log there.</summary>
    public IReadOnlyDictionary<string, long> LogWatermarks { get; init; } = new Dictionary<string, long>();

    /// <summary>Superseded blobs waiting for the grace period before deletion (old readers may still read them).</summary>
    public IReadOnlyList<RetiredBlob> Retired { get; init; } = [];

    public long Watermark(string logBlobName) => LogWatermarks.TryGetValue(logBlobName, out long at) ? at : 0;
}
