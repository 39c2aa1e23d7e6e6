namespace Vectron.Index.Telemetry;

/// <summary>Tag (attribute) names on Vectron's spans and measurements, and the span names.</summary>
public static class TelemetryTags
{
    public const string Collection = "vectron.collection";
    public const string Phase = "vectron.phase";
    public const string TopK = "vectron.top_k";
    public const string Consistency = "vectron.consistency";
    public const string Hits = "vectron.hits";
    public const string Filtered = "vectron.filtered";
    public const string CaughtUp = "vectron.caught_up";
    public const string Part = "vectron.cache.part";
    public const string Operation = "vectron.operation";
    public const string Documents = "vectron.documents";

    /// <summary>The span of one query; its children are named by <see cref="QueryPhases"/>.</summary>
    public const string QuerySpan = "vectron.query";

    /// <summary>The span of one upsert or delete batch.</summary>
    public const string WriteSpan = "vectron.write";
}
