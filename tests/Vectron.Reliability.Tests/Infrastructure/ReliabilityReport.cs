using System.Text.Json;
using Xunit.Abstractions;

namespace Vectron.Reliability.Tests.Infrastructure;

/// <summary>
/// Where a test's figures go: always to the test output, and as <c>{name}.json</c> into the directory named by
/// <c>VECTRON_RELIABILITY_REPORT</c> when it is set; scripts/reliability.mjs collects every such file into
/// docs/reliability.md. The file's shape is the contract written down in docs/reliability.md.
/// </summary>
internal static class ReliabilityReport
{
    public const string Variable = "VECTRON_RELIABILITY_REPORT";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// Records one test's figures. <paramref name="figures"/> should use the summary's names where they apply:
    /// <c>requests</c>, <c>faultsInjected</c>, <c>badInputs</c>, <c>documentsVerified</c>, <c>lost</c>.
    /// </summary>
    public static void Write(ITestOutputHelper output, string section, string name, IReadOnlyDictionary<string, object> figures, string? notes = null)
    {
        var report = new ReportFile(section, name, ReliabilityScale.Current.Name, DateTimeOffset.UtcNow, figures, notes);
        string json = JsonSerializer.Serialize(report, Json);
        output.WriteLine(json);
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, name + ".json"), json);
        }
    }

    private sealed record ReportFile(string Section, string Name, string Scale, DateTimeOffset Date, IReadOnlyDictionary<string, object> Figures, string? Notes);
}
