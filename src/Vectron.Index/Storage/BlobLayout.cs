using System.Globalization;

namespace Vectron.Index.Storage;

/// <summary>The one home of blob names (DESIGN.md "Blob layout").</summary>
public static class BlobLayout
{
    public const string CollectionsPrefix = "collections/";
    public const string LogExtension = ".wal";
    public const string SegmentExtension = ".vseg";
    public const string ManifestFileName = "manifest.json";

    public static string CollectionPrefix(string collection) => $"{CollectionsPrefix}{collection}/";

    public static string Manifest(string collection) => $"{CollectionPrefix(collection)}{ManifestFileName}";

    public static string CompactionLock(string collection) => $"{CollectionPrefix(collection)}compaction.lock";

    public static string ChangeMarker(string collection) => $"{CollectionPrefix(collection)}changes.marker";

    public static string LogPrefix(string collection) => $"{CollectionPrefix(collection)}log/";

    public static string Log(string collection, string writerId, int sequence) =>
        $"{LogPrefix(collection)}{writerId}-{sequence.ToString("D6", CultureInfo.InvariantCulture)}{LogExtension}";

    public static string SegmentPrefix(string collection) => $"{CollectionPrefix(collection)}seg/";

    public static string Segment(string collection, long generation, int part) =>
        $"{SegmentPrefix(collection)}{generation.ToString("D8", CultureInfo.InvariantCulture)}-{part.ToString("D4", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}{SegmentExtension}";
}
