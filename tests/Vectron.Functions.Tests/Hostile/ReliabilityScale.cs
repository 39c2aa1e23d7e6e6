using System.Text.Json;

namespace Vectron.Functions.Tests.Hostile;

/// <summary>
/// How hard the hostile-input tests push, from <c>VECTRON_RELIABILITY_SCALE</c> (<c>ci</c>, the default, a shortened run
/// for <c>npm test</c>; <c>full</c> for <c>npm run reliability</c>), and where figures go: a JSON file per test into the
/// directory <c>VECTRON_RELIABILITY_REPORT</c> when it is set. The one place these variables are read.
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
        "full" => Full,
        var other => throw new InvalidOperationException($"{ScaleVariable} is '{other}'; use 'ci' or 'full'."),
    };

    private static readonly JsonSerializerOptions ReportOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Writes <paramref name="figures"/> as <c>{name}.json</c> into the report directory, when one is set.</summary>
    public static async Task WriteReportAsync(string name, object figures)
    {
        var directory = Environment.GetEnvironmentVariable(ReportVariable);
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, name + ".json"), JsonSerializer.Serialize(figures, ReportOptions));
    }
}
