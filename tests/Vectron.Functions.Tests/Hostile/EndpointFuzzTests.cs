using System.Net;
using System.Text;

namespace Vectron.Functions.Tests.Hostile;

/// <summary>
/// Seeded fuzzing of every HTTP route in functions.metadata over real HTTP through the local host (with an API key):
/// random bytes, mutated bodies, wrong content types, path tricks, oversized bodies and bad keys. Every answer is
/// 2xx or 4xx and arrives; the host stays healthy, the canary collection is unchanged and no blob lies outside
/// <c>collections/{valid name}/</c> or <c>jobs/{valid id}/</c>. Figures go to the reliability report.
/// </summary>
[Collection(HostileHostGroup.Name)]
public sealed class EndpointFuzzTests(HostileHostFixture host)
{
    private const int Seed = 20261125;

    /// <summary>
    /// How much the process's resident memory may grow during a run: a detector of bodies held whole or leaked per
    /// request (thousands of megabyte-sized bodies are sent), with room for the other tests running alongside.
    /// </summary>
    private const long MaxRssGrowthBytes = 1536L * 1024 * 1024;

    [Fact]
    public async Task Fuzz_EveryRoute_AnswersClientErrorsOnlyAndChangesNothingElse()
    {
        var scale = ReliabilityScale.Current;
        var routes = await HttpRoute.ReadAllAsync();
        var inputs = new HostileInputs(HostileHostFixture.TargetCollection, HostileHostFixture.CanaryCollection, host.ApiKey);
        var canary = await host.CanarySnapshotAsync();

        var run = await FuzzRun.RunAsync(host.BaseAddress, scale.FuzzRequests, i => inputs.Next(new Random(Seed + i), routes));

        var lost = await host.CanarySnapshotAsync() == canary ? 0 : HostileHostFixture.CanaryIds.Length;
        await ReliabilityScale.WriteReportAsync(
            "hostile-fuzz",
            run.Figures(HostileHostFixture.CanaryIds.Length, lost),
            $"Seeded fuzzing of all {routes.Count} routes in functions.metadata over raw HTTP through the local host with an API key; canary and blob namespace checked after.");
        Assert.Equal(scale.FuzzRequests, run.Outcomes.Count);
        AssertNone(run.ServerErrors, "answered 5xx");
        AssertNone(run.Unanswered.Where(o => !MayBeCutOff(o.Request)), "got no answer");
        Assert.True(run.PeakRssBytes - run.BaselineRssBytes < MaxRssGrowthBytes, $"resident memory grew from {run.BaselineRssBytes >> 20} MiB to {run.PeakRssBytes >> 20} MiB");
        AssertNone(run.Outcomes.Where(o => IsUnauthorizedAttempt(o.Request, routes) && o.Response is { Answered: true, Status: not 401 }), "passed without the key");
        foreach (var route in routes)
        {
            Assert.True(run.Outcomes.Any(o => o.Request.Method == route.Method && MatchesRoute(o.Request.Target, route)), $"{route.Method} {route.Template} was never fuzzed");
        }

        await AssertHostIntactAsync(host, canary);
    }

    /// <summary>The host answers health, the canary is as it was, and every blob is inside the namespace.</summary>
    internal static async Task AssertHostIntactAsync(HostileHostFixture host, string canaryBefore)
    {
        using var health = await host.Client.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(canaryBefore, await host.CanarySnapshotAsync());
        var outside = (await host.BlobNamesAsync()).Where(name => !BlobNamespace.IsInside(name)).ToArray();
        Assert.True(outside.Length == 0, "blobs outside collections/{name}/ and jobs/{id}/: " + string.Join(", ", outside.Take(20)));
    }

    internal static void AssertNone(IEnumerable<FuzzOutcome> outcomes, string what)
    {
        var found = outcomes.ToArray();
        var listing = new StringBuilder();
        foreach (var outcome in found.Take(15))
        {
            listing.AppendLine(outcome.ToString());
        }

        Assert.True(found.Length == 0, $"{found.Length} requests {what}:\n{listing}");
    }

    // A server may close the connection rather than read an oversized body to its end; that is an answer in bounded time.
    private static bool MayBeCutOff(RawRequest request) => request.Kind == HostileInputs.Oversized;

    private static bool IsUnauthorizedAttempt(RawRequest request, IReadOnlyList<HttpRoute> routes) =>
        request.Kind == HostileInputs.BadKey
        && !request.Target.Contains("?code=", StringComparison.Ordinal)
        && routes.Any(r => r.RequiresKey && r.Method == request.Method && MatchesRoute(request.Target, r));

    // A target made from a route's template: the same number of segments and the same literal ones.
    private static bool MatchesRoute(string target, HttpRoute route)
    {
        var path = target.Split('?')[0].Split('/');
        var template = route.Template.Split('/');
        return path.Length == template.Length
            && path.Zip(template).All(p => p.Second.StartsWith('{') || p.First == p.Second);
    }
}
