using Vectron.Functions.Http;
using Vectron.Functions.LocalHost;

namespace Vectron.Functions.Tests.Hostile;

/// <summary>
/// Request size limits hold before the body is read: a <c>Content-Length</c> over a route's limit is refused at once
/// (the test sends no body at all, so waiting for one would show as a timeout or a 408), and a chunked body is cut
/// one byte past the limit while it streams.
/// </summary>
[Collection(HostileHostGroup.Name)]
public sealed class SizeLimitTests(HostileHostFixture host)
{
    private const string Collection = "size-limits";
    private static readonly TimeSpan Bound = FuzzRun.AnswerBound;

    [Fact]
    public async Task ClaimedLengthOverLimit_EveryBodyRoute_Answers413WithoutReadingTheBody()
    {
        await CreateCollectionAsync();
        var routes = await BodyRoutes.ReadAllAsync();
        Assert.Contains(routes, r => r.Function == "StartBulkJob");

        foreach (var route in routes)
        {
            var request = Request(route, [], BodyFraming.ClaimedLength) with { ClaimedLength = BodyRoutes.LimitOf(route) + 1 };

            var response = await RawHttp.SendAsync(host.BaseAddress, request, Bound);

            Assert.True(response.Status == 413, $"{request}: {response.Text}");
            Assert.Contains("\"body\"", response.Text, StringComparison.Ordinal);
        }
    }

    // Around the limit: one byte over is refused while streaming, exactly the limit is read (and then judged as JSON).
    [Theory]
    [InlineData(true, 1, 413)]
    [InlineData(false, 1, 413)]
    [InlineData(true, 0, 400)]
    public async Task JsonBody_AroundTheRouteLimit_RefusedOnlyPastIt(bool chunked, int overLimit, int expected)
    {
        await CreateCollectionAsync();
        var routes = (await BodyRoutes.ReadAllAsync()).Where(r => r.Function != "StartBulkJob").ToList();
        Assert.NotEmpty(routes);

        foreach (var route in routes)
        {
            var body = HostileInputs.PaddedJson((int)BodyRoutes.LimitOf(route) + overLimit);
            var request = Request(route, body, chunked ? BodyFraming.Chunked : BodyFraming.ContentLength);

            var response = await RawHttp.SendAsync(host.BaseAddress, request, Bound);

            // 400: the padded body is read whole and refused for its unknown member, not for its size.
            Assert.True(response.Status == expected, $"{request}: {response.Text[..Math.Min(600, response.Text.Length)]}");
        }
    }

    [Fact]
    public async Task BulkUpload_ChunkedPastJsonLimit_IsNotCutAtTheJsonLimit()
    {
        await CreateCollectionAsync();
        var route = (await BodyRoutes.ReadAllAsync()).Single(r => r.Function == "StartBulkJob");
        var line = "{\"id\":\"big\",\"vector\":[1,0,0],\"text\":\"" + new string('t', 60_000) + "\"}\n";
        var body = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, (ApiLimits.MaxDocumentsBodyBytes / line.Length) + 2)));

        var response = await RawHttp.SendAsync(host.BaseAddress, Request(route, body, BodyFraming.Chunked), Bound);

        Assert.True(body.Length > ApiLimits.MaxDocumentsBodyBytes);
        Assert.True(response.Status == 202, response.Text);
    }

    // Routes under a collection check it exists before reading the body, so the collection must be there.
    private async Task CreateCollectionAsync()
    {
        using var created = await host.Client.PutAsync(
            new Uri("/api/collections/" + Collection, UriKind.Relative),
            new StringContent($"{{\"dimensions\":{HostileHostFixture.Dimensions}}}", System.Text.Encoding.UTF8, "application/json"));
        created.EnsureSuccessStatusCode();
    }

    private RawRequest Request(HttpRoute route, byte[] body, BodyFraming framing) => new(
        "size-limit",
        route.Method,
        route.Fill(p => p == "name" ? Collection : "doc-1"),
        [new("Content-Type", "application/json"), new(ApiKeyCheck.HeaderName, host.ApiKey)],
        body,
        framing);
}
