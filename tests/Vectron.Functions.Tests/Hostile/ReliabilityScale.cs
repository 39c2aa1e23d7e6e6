using System.Text.Json;

namespace Vectron.Functions.Tests.Hostile;

/// <summary>
/// How hard the hostile-input tests push, from <c>VECTRON_RELIABILITY_SCALE</c> (<c>ci</c>, the default, a shortened run
/// for <c>npm test</c>; <c>full</c> for <c>npm run reliability</c>, and <c>soak</c> read as <c>full</c>), and where figures
/// go: a JSON file per test into the directory <c>VECTRON_RELIABILITY_REPORT</c> when it is set, in the shape
/// docs/reliability.md ("Contract for reliability figures") defines. The one place these variables are read.
/// </summary>
internal sealed record ReliabilityScale(string Name, int FuzzRequests, int PathTrickRounds, int SlowClients)
{
    public const string ScaleVariable = "VECTRON_RELIABILITY_SCALE";
    public const string ReportVariable = "VECTRON_RELIABILITY_REPORT";

    public static ReliabilityScale Ci { get; } = new("ci", FuzzRequests: 2_500, PathTrickRounds: 1, SlowClients: 2);

    public static ReliabilityScale Full { get; } = new("full", FuzzRequests: 100_000, PathTrickRounds: 20, SlowClients: 16);

    public static ReliabilityScale Current { get; } = Environment.GetEnvironmentVariable(ScaleVariable)?.Trim().ToLowerInvariant() switch
    {
        null or "" or "ci" => Ci,
        "full" or "soak" => Full,
        var other => throw new InvalidOperationException($"{ScaleVariable} is '{other}'; use 'ci' or 'full'."),
    };

    private static readonly JsonSerializerOptions ReportOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The heading of docs/reliability.md these figures belong under.</summary>
    public const string Section = "Hostile input";

    /// <summary>
    /// Writes <c>{name}.json</c> into the report directory, when one is set: <paramref name="figures"/> is a flat
    /// object of numbers and short strings (<c>requests</c>, <c>badInputs</c>, <c>documentsVerified</c>, <c>lost</c>, ...).
    /// </summary>
    public static async Task WriteReportAsync(string name, object figures, string notes)
    {
        var directory = Environment.GetEnvironmentVariable(ReportVariable);
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        Directory.CreateDirectory(directory);
        var report = new { section = Section, name, scale = Current.Name, date = DateTimeOffset.UtcNow, figures, notes };
        await File.WriteAllTextAsync(Path.Combine(directory, name + ".json"), JsonSerializer.Serialize(report, ReportOptions));
    }
}
