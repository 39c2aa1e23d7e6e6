namespace Vectron.Index.Telemetry;

/// <summary>Values of <see cref="TelemetryTags.Phase"/>, and the names of a query span's child spans.</summary>
public static class QueryPhases
{
    /// <summary>Embedding the query text; recorded by the HTTP layer, which embeds before it queries.</summary>
    public const string Embed = "embed";
    public const string CatchUp = "catch_up";
    public const string Load = "load";
    public const string Scan = "scan";
    public const string Fetch = "fetch";

    /// <summary>The whole query inside the engine (catch-up to fetch).</summary>
    public const string Total = "total";
}
