using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Vectron.Functions.Http;
using Vectron.Functions.LocalHost;
using Vectron.Index.Collections;

namespace Vectron.Functions.Tests.LocalHost;

/// <summary>The local host over real HTTP: routes from functions.metadata, real Azurite, problem details on bad input.</summary>
[Collection(LocalHostTestGroup.Name)]
public sealed class LocalHostTests(LocalHostFixture host)
{
    private HttpClient Client => host.Client;

    [Fact]
    public async Task Health_StorageUp_Returns200WithModelAndReachableStorage()
    {
        using var response = await Client.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("reachable", body.RootElement.GetProperty("storage").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("model").GetProperty("id").GetString()));
        Assert.True(body.RootElement.GetProperty("model").GetProperty("dimensions").GetInt32() > 0);
    }

    [Fact]
    public async Task Health_StorageDown_Returns200Degraded()
    {
        var closedPort = ClosedLoopbackPort();
        var connectionString = TestStorageWithBlobPort(closedPort);
        var (app, client) = await LocalHostFixture.StartAsync(connectionString, "fn-down", probeTimeout: TimeSpan.FromMilliseconds(300));
        await using (app)
        using (client)
        {
            using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("degraded", body.RootElement.GetProperty("status").GetString());
            Assert.Equal("unreachable", body.RootElement.GetProperty("storage").GetString());
        }
    }

    [Fact]
    public async Task Embed_ValidTexts_ReturnsUnitVectorsOfModelDimensionsInOrder()
    {
        var longText = string.Join(' ', Enumerable.Repeat("the quick brown fox jumps over the lazy dog", 100));
        string[] texts = ["The cat sits on the mat.", "A kitten rests on a rug.", "Quarterly revenue grew by four percent.", longText];
        var health = await Client.GetFromJsonAsync<JsonElement>(new Uri("/api/health", UriKind.Relative));
        var model = health.GetProperty("model");

        using var response = await Client.PostAsJsonAsync(new Uri("/api/embed", UriKind.Relative), new { texts });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal(model.GetProperty("id").GetString(), root.GetProperty("model").GetString());
        var dimensions = model.GetProperty("dimensions").GetInt32();
        Assert.Equal(dimensions, root.GetProperty("dimensions").GetInt32());
        var data = root.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(texts.Length, data.Length);
        var vectors = new double[data.Length][];
        for (var i = 0; i < data.Length; i++)
        {
            Assert.Equal(i, data[i].GetProperty("index").GetInt32());
            vectors[i] = data[i].GetProperty("embedding").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(dimensions, vectors[i].Length);
            Assert.Equal(1.0, Math.Sqrt(vectors[i].Sum(v => v * v)), 3);
            Assert.Equal(texts[i] == longText, data[i].GetProperty("truncated").GetBoolean());
            Assert.True(data[i].GetProperty("tokens").GetInt32() > 0);
        }

        // The real model: the two sentences about a cat are closer to each other than to the one about revenue.
        Assert.True(Dot(vectors[0], vectors[1]) > Dot(vectors[0], vectors[2]));
        Assert.True(data[3].GetProperty("tokens").GetInt32() > data[0].GetProperty("tokens").GetInt32());
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    public static TheoryData<string, string?, string, string> MalformedEmbedRequests => new()
    {
        { "wrong content type", "text/plain", """{"texts":["a"]}""", "Content-Type" },
        { "form content type", "application/x-www-form-urlencoded", "texts=a", "Content-Type" },
        { "no content type", null, """{"texts":["a"]}""", "Content-Type" },
        { "truncated JSON", "application/json", """{"texts":["a",""", "texts[1]" },
        { "not JSON", "application/json", "hello", "body" },
        { "texts not a list", "application/json", """{"texts":"a"}""", "texts" },
        { "number in texts", "application/json", """{"texts":["a",2]}""", "texts[1]" },
        { "JSON null", "application/json", "null", "body" },
        { "empty list", "application/json", """{"texts":[]}""", "texts" },
        { "texts missing", "application/json", "{}", "texts" },
        { "null text", "application/json", """{"texts":["a",null]}""", "texts[1]" },
        { "empty text", "application/json", """{"texts":["a","b",""]}""", "texts[2]" },
        { "too many texts", "application/json", JsonSerializer.Serialize(new { texts = Enumerable.Repeat("a", ApiLimits.MaxTextsPerEmbedRequest + 1) }), "texts" },
        { "text too long", "application/json", JsonSerializer.Serialize(new { texts = new[] { new string('a', DocumentLimits.MaxTextBytes + 1) } }), "texts[0]" },
    };

    [Theory]
    [MemberData(nameof(MalformedEmbedRequests))]
    public async Task Embed_MalformedRequest_Returns400ProblemNamingFieldAndStaysHealthy(string scenario, string? contentType, string body, string field)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await Client.PostAsync(new Uri("/api/embed", UriKind.Relative), content);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field, scenario);
        using var health = await Client.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Embed_OversizedBody_Returns413WithoutReadingItAll(bool chunked)
    {
        var payload = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { texts = new[] { new string('a', 2 * ApiLimits.MaxJsonBodyBytes) } }));
        using HttpContent content = chunked ? new StreamContent(new NonSeekableStream(payload)) : new ByteArrayContent(payload);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await Client.PostAsync(new Uri("/api/embed", UriKind.Relative), content);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body", chunked ? "chunked body over the limit" : "Content-Length over the limit");
    }

    [Fact]
    public async Task Start_NoStorageConfigured_FailsWithMessageNamingTheSetting()
    {
        await using var app = await LocalFunctionsHost.BuildAsync([LocalFunctionsHost.Switch, "--urls", "http://127.0.0.1:0"], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Vectron:Storage"] = "", ["Vectron:Storage:blobServiceUri"] = "" }));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Set exactly one of", error.Message, StringComparison.Ordinal);
        Assert.Contains("Vectron__Storage__blobServiceUri", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/embed", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "/api/health", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/health", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/nothing-here", HttpStatusCode.NotFound)]
    public async Task Routes_OutsideFunctionsMetadata_AreNotServed(string method, string path, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));

        using var response = await Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field, string scenario)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{scenario}: expected {status}, got {(int)response.StatusCode} {text}");
        Assert.Equal(ProblemResult.ContentType, response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        var errors = problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToArray();
        Assert.True(errors.SequenceEqual([field]), $"{scenario}: expected field {field}, got [{string.Join(", ", errors)}] in {text}");
        Assert.DoesNotContain("(Parameter", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The queue endpoint goes down too: this host's bulk queue trigger must not take the other hosts' messages.
    private static string TestStorageWithBlobPort(int port)
        => System.Text.RegularExpressions.Regex.Replace(Vectron.Testing.TestStorage.ConnectionString, @"(Blob|Queue)Endpoint=http://127\.0\.0\.1:\d+/", $"$1Endpoint=http://127.0.0.1:{port}/");

    // Has no length, so HttpClient sends it chunked and the server cannot refuse it by Content-Length alone.
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
