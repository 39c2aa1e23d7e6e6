using System.Text;
using Vectron.Functions.LocalHost;

namespace Vectron.Functions.Tests.Hostile;

/// <summary>Replays over HTTP the 5xx answers the full fuzz run found, each now a 400.</summary>
[Collection(HostileHostGroup.Name)]
public sealed class FoundByFuzzingTests(HostileHostFixture host)
{
    public static TheoryData<string> BadFilterStrings => new()
    {
        "\"\\ud800\"",
        "\"\\udfba\\ud800\"",
        "\"a\\ud83d\"",
    };

    // A query filter's strings were decoded only by the filter parser, which threw InvalidOperationException (500).
    [Theory]
    [MemberData(nameof(BadFilterStrings))]
    public async Task QueryFilter_LoneSurrogateEscape_Answers400(string value)
    {
        var response = await QueryAsync(Encoding.UTF8.GetBytes("{\"vector\":[1,0,0],\"filter\":{\"topic\":{\"$in\":[" + value + "]}}}"));

        Assert.True(response.Status == 400, response.Text);
    }

    [Fact]
    public async Task QueryFilter_InvalidUtf8_Answers400()
    {
        byte[] body = [.. "{\"vector\":[1,0,0],\"filter\":{\"topic\":\"a"u8, 0xF4, 0x90, 0x80, 0x80, .. "\"}}"u8];

        var response = await QueryAsync(body);

        Assert.True(response.Status == 400, response.Text);
    }

    private async Task<RawResponse> QueryAsync(byte[] body)
    {
        await host.Client.PutAsync(
            new Uri($"/api/collections/{HostileHostFixture.TargetCollection}", UriKind.Relative),
            new StringContent($"{{\"dimensions\":{HostileHostFixture.Dimensions}}}", Encoding.UTF8, "application/json"));
        var request = new RawRequest(
            "found-by-fuzzing",
            "POST",
            $"/api/collections/{HostileHostFixture.TargetCollection}/query",
            [new("Content-Type", "application/json"), new(ApiKeyCheck.HeaderName, host.ApiKey)],
            body,
            BodyFraming.ContentLength);
        return await RawHttp.SendAsync(host.BaseAddress, request, FuzzRun.AnswerBound);
    }
}
