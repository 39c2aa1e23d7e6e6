using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Vectron.Functions.Http;
using Vectron.Functions.LocalHost;
using Vectron.Functions.Tests.Hostile;
using Vectron.Testing;

namespace Vectron.Functions.Tests.Security;

/// <summary>
/// With <c>Vectron:ApiKey</c> set, the local host needs the key on every route but anonymous ones (health), in the
/// <c>x-functions-key</c> header or the <c>code</c> query parameter, as Azure needs function keys.
/// </summary>
[Collection(HostileHostGroup.Name)]
public sealed class ApiKeyTests(HostileHostFixture host)
{
    [Fact]
    public async Task EveryKeyedRoute_WithoutOrWithWrongKey_Answers401Problem()
    {
        var routes = (await HttpRoute.ReadAllAsync()).Where(r => r.RequiresKey).ToList();
        Assert.True(routes.Count >= 10, $"only {routes.Count} routes need a key");
        string?[] wrongKeys = [null, "", host.ApiKey.ToUpperInvariant(), host.ApiKey[..^1], host.ApiKey + "x", "code"];

        foreach (var route in routes)
        {
            foreach (var key in wrongKeys)
            {
                var response = await SendAsync(route, key is null ? [] : [new(ApiKeyCheck.HeaderName, key)]);

                Assert.True(response.Status == 401, $"{route.Method} {route.Template} with key '{key}': {response.Text}");
                var json = response.Text[response.Text.IndexOf('{', StringComparison.Ordinal)..(response.Text.LastIndexOf('}') + 1)];
                using var problem = JsonDocument.Parse(json);
                Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
                Assert.Contains(ProblemResult.ContentType, response.Text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task EveryKeyedRoute_WithKeyInHeaderOrQuery_IsServed()
    {
        foreach (var route in (await HttpRoute.ReadAllAsync()).Where(r => r.RequiresKey))
        {
            var inHeader = await SendAsync(route, [new(ApiKeyCheck.HeaderName, host.ApiKey)]);
            var inQuery = await SendAsync(route, [], "?" + ApiKeyCheck.QueryName + "=" + Uri.EscapeDataString(host.ApiKey));

            Assert.True(inHeader.Status is not (401 or >= 500), $"{route.Method} {route.Template}: {inHeader.Text}");
            Assert.True(inQuery.Status is not (401 or >= 500), $"{route.Method} {route.Template} (code=): {inQuery.Text}");
        }
    }

    [Fact]
    public async Task AnonymousRoutes_WithoutKey_AreServed()
    {
        var anonymous = (await HttpRoute.ReadAllAsync()).Where(r => !r.RequiresKey).ToList();

        Assert.Equal(["Health"], anonymous.Select(r => r.Function));
        foreach (var route in anonymous)
        {
            Assert.Equal(200, (await SendAsync(route, [])).Status);
        }
    }

    // The key is checked before the function runs, so a refused request's body is never waited for: the body claimed
    // here is never sent.
    [Fact]
    public async Task MissingKey_OnBodyRoute_Answers401WithoutWaitingForTheBody()
    {
        var route = (await HttpRoute.ReadAllAsync()).First(r => r.RequiresKey && r.TakesBody);
        var request = new RawRequest("api-key", route.Method, route.Fill(_ => HostileHostFixture.TargetCollection), [new("Content-Type", "application/json")], [], BodyFraming.ClaimedLength)
        {
            ClaimedLength = 1_000_000,
        };

        var response = await RawHttp.SendAsync(host.BaseAddress, request, FuzzRun.AnswerBound);

        Assert.Equal(401, response.Status);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("a key with spaces in it")]
    [InlineData("tab\tseparated-key-value")]
    public async Task Start_InvalidApiKey_FailsNamingTheSetting(string key)
    {
        await using var app = await LocalFunctionsHost.BuildAsync([LocalFunctionsHost.Switch, "--urls", "http://127.0.0.1:0"], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Vectron:Storage"] = TestStorage.ConnectionString,
                ["Vectron:ApiKey"] = key,
            }));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Vectron:ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_EmptyKey_MeansNoKey()
    {
        var options = new ApiKeyOptions { ApiKey = string.Empty };

        Assert.False(options.IsRequired);
        Assert.True(options.IsValid);
    }

    private async Task<RawResponse> SendAsync(HttpRoute route, IReadOnlyList<KeyValuePair<string, string>> keyHeaders, string query = "")
    {
        var (contentType, body) = HostileInputs.Seed(route);
        // A collection of its own: the served requests touch nothing other tests look at.
        var target = route.Fill(p => p == "name" ? "api-key-tests" : p == "id" && route.Template.Contains("/jobs/", StringComparison.Ordinal) ? new string('0', 32) : "c-1") + query;
        List<KeyValuePair<string, string>> headers = [.. keyHeaders];
        if (contentType is not null)
        {
            headers.Add(new("Content-Type", contentType));
        }

        return await RawHttp.SendAsync(
            host.BaseAddress,
            new RawRequest("api-key", route.Method, target, headers, body, body.Length == 0 ? BodyFraming.None : BodyFraming.ContentLength),
            FuzzRun.AnswerBound);
    }
}
