namespace Vectron.Functions.Tests.Hostile;

/// <summary>
/// Every path trick (dot segments plain and encoded, encoded slashes, backslashes, NUL, look-alike letters, 1 KB
/// names, the canary's name behind an encoded <c>../</c>) in every name and id of every route, with each route's
/// method and valid body. Nothing may answer 5xx, the canary stays as it was, and no blob appears outside
/// <c>collections/{valid name}/</c> and <c>jobs/{valid id}/</c>.
/// </summary>
[Collection(HostileHostGroup.Name)]
public sealed class PathTrickTests(HostileHostFixture host)
{
    private const int Seed = 4242;

    [Fact]
    public async Task PathTricks_InEveryNameAndId_StayInsideTheirCollection()
    {
        var scale = ReliabilityScale.Current;
        var routes = await HttpRoute.ReadAllAsync();
        var inputs = new HostileInputs(HostileHostFixture.TargetCollection, HostileHostFixture.CanaryCollection, host.ApiKey);
        var canary = await host.CanarySnapshotAsync();

        // Each trick alone first; further rounds (the full run) mix tricks into valid names at random.
        var requests = routes.SelectMany(inputs.AllPathTricks).ToList();
        var exhaustive = requests.Count;
        var mixed = new Random(Seed);
        for (var round = 1; round < scale.PathTrickRounds; round++)
        {
            requests.AddRange(Enumerable.Range(0, exhaustive).Select(_ => inputs.NextPathTrick(mixed, routes)));
        }

        var run = await FuzzRun.RunAsync(host.BaseAddress, requests.Count, i => requests[i]);

        var lost = await host.CanarySnapshotAsync() == canary ? 0 : HostileHostFixture.CanaryIds.Length;
        await ReliabilityScale.WriteReportAsync(
            "hostile-path-tricks",
            run.Figures(HostileHostFixture.CanaryIds.Length, lost),
            $"{exhaustive} tricks (each alone in every name and id of every route) plus {requests.Count - exhaustive} mixed; every blob listed after.");
        Assert.True(exhaustive >= routes.Count * 40, $"only {exhaustive} path tricks for {routes.Count} routes");
        EndpointFuzzTests.AssertNone(run.ServerErrors, "answered 5xx");
        EndpointFuzzTests.AssertNone(run.Unanswered, "got no answer");
        await EndpointFuzzTests.AssertHostIntactAsync(host, canary);
    }
}
