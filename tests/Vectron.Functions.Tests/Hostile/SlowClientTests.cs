using System.Net;
using System.Text;
using Vectron.Functions.LocalHost;

namespace Vectron.Functions.Tests.Hostile;

/// <summary>
/// Slow clients are cut off: a body trickled below the minimum data rate gets 408 once the grace period has passed,
/// and headers that never finish are dropped after the headers timeout, long before the client would have finished.
/// The host keeps answering others meanwhile.
/// </summary>
[Collection(HostileHostGroup.Name)]
public sealed class SlowClientTests(HostileHostFixture host)
{
    // Four bytes a second, far below the minimum rate; the bodies below would take minutes to send at this pace.
    private static readonly TimeSpan Trickle = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task SlowBodies_EveryBodyRoute_AreCutOffWith408()
    {
        const string collection = "slow-bodies";
        (await host.Client.PutAsync(new Uri("/api/collections/" + collection, UriKind.Relative), new StringContent("{\"dimensions\":3}", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var scale = ReliabilityScale.Current;
        var routes = await BodyRoutes.ReadAllAsync();
        var clients = Enumerable.Range(0, Math.Max(scale.SlowClients, routes.Count)).Select(i => routes[i % routes.Count]).ToList();

        var outcomes = await Task.WhenAll(clients.Select(async route =>
        {
            var (contentType, seed) = HostileInputs.Seed(route);
            var body = Padded(seed, contentType);
            var request = new RawRequest("slow-body", route.Method, route.Fill(_ => collection), [new("Content-Type", contentType!), new(ApiKeyCheck.HeaderName, host.ApiKey)], body, BodyFraming.ContentLength)
            {
                TrickleInterval = Trickle,
            };
            return (Request: request, Response: await RawHttp.SendAsync(host.BaseAddress, request, FuzzRun.AnswerBound));
        }));
        using var health = await host.Client.GetAsync(new Uri("/api/health", UriKind.Relative));

        await ReliabilityScale.WriteReportAsync(
            "hostile-slow-bodies",
            new Dictionary<string, object>
            {
                ["requests"] = outcomes.Length,
                ["badInputs"] = outcomes.Length,
                ["answered408"] = outcomes.Count(o => o.Response.Status == 408),
                ["readToEnd"] = outcomes.Count(o => o.Response.BodyCompleted),
                ["slowestCutOffSeconds"] = Math.Round(outcomes.Max(o => o.Response.Elapsed.TotalSeconds), 1),
                ["minRateBytesPerSecond"] = LocalServerLimits.MinBodyBytesPerSecond,
                ["graceSeconds"] = LocalServerLimits.MinBodyRateGrace.TotalSeconds,
            },
            $"{outcomes.Length} concurrent clients trickling bodies at 4 bytes/s to every body route.");
        Assert.All(outcomes, o => Assert.False(o.Response.BodyCompleted, $"{o.Request} was read to its end"));
        Assert.All(outcomes, o => Assert.True(o.Response.Status == 408, $"{o.Request}: {o.Response.Text}"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task SlowHeaders_NeverFinished_AreDropped()
    {
        var padding = new string('x', 400);
        var request = new RawRequest("slow-headers", "GET", "/api/health", [new("X-Padding", padding)], [], BodyFraming.None) { TrickleInterval = Trickle };

        var response = await RawHttp.SendAsync(host.BaseAddress, request, FuzzRun.AnswerBound);

        Assert.False(response.BodyCompleted, "the server waited for headers sent at four bytes a second");
        Assert.True(response.Status is 0 or 408, response.Text);
    }

    // The seed body with enough trailing white space that trickling it would take minutes.
    private static byte[] Padded(byte[] seed, string? contentType) =>
        [.. seed, .. Encoding.ASCII.GetBytes(new string(contentType == "application/json" ? ' ' : '\n', 2_000))];
}
