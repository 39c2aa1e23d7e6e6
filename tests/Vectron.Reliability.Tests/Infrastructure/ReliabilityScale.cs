namespace Vectron.Reliability.Tests.Infrastructure;

/// <summary>
/// How big a run is, from <c>VECTRON_RELIABILITY_SCALE</c> (the one place it is read): <c>ci</c> (default, what
/// <c>npm test</c> runs: minutes in all), <c>full</c> (<c>npm run reliability</c>: 100k documents, longer load and
/// faults) or <c>soak</c> (the load test only, for 10 minutes, reporting memory growth). docs/reliability.md.
/// </summary>
internal sealed record ReliabilityScale(
    string Name,
    int LoadDocuments,
    TimeSpan LoadDuration,
    int OutageSeconds,
    int BulkDocuments,
    int CompactionDocuments,
    int ProxyOperations)
{
    public const string Variable = "VECTRON_RELIABILITY_SCALE";

    public static ReliabilityScale Current { get; } = From(Environment.GetEnvironmentVariable(Variable));

    public bool IsSoak => Name == "soak";

    public static ReliabilityScale From(string? name) => (name ?? "ci").Trim().ToLowerInvariant() switch
    {
        "" or "ci" => new("ci", LoadDocuments: 5_000, LoadDuration: TimeSpan.FromSeconds(10), OutageSeconds: 15, BulkDocuments: 6_000, CompactionDocuments: 6_000, ProxyOperations: 200),
        "full" => new("full", LoadDocuments: 100_000, LoadDuration: TimeSpan.FromSeconds(60), OutageSeconds: 30, BulkDocuments: 30_000, CompactionDocuments: 60_000, ProxyOperations: 1_500),
        "soak" => new("soak", LoadDocuments: 100_000, LoadDuration: TimeSpan.FromMinutes(10), OutageSeconds: 30, BulkDocuments: 30_000, CompactionDocuments: 60_000, ProxyOperations: 1_500),
        var other => throw new InvalidOperationException($"{Variable} must be ci, full or soak, not '{other}'."),
    };
}
