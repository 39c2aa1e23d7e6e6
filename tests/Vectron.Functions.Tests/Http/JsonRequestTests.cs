using System.Text;
using Microsoft.AspNetCore.Http;
using Vectron.Functions.Embed;
using Vectron.Functions.Http;
using Vectron.Index.Collections;

namespace Vectron.Functions.Tests.Http;

public sealed class JsonRequestTests
{
    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; charset=UTF-8")]
    [InlineData("application/vnd.vectron+json")]
    public async Task ReadAsync_JsonContentType_Reads(string contentType)
    {
        var body = await JsonRequest.ReadAsync<EmbedRequest>(Request("""{"texts":["a"]}""", contentType));

        Assert.Equal(["a"], body.Texts!);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("not a media type")]
    public async Task ReadAsync_OtherContentType_FailsNamingContentType(string? contentType)
    {
        var error = await Assert.ThrowsAsync<VectronValidationException>(() => JsonRequest.ReadAsync<EmbedRequest>(Request("""{"texts":["a"]}""", contentType)));

        Assert.Equal("Content-Type", error.Field);
    }

    // Bodies of random sizes around the limit, with and without a Content-Length, so both the header check and the
    // bounded read are exercised: at or under the limit reads, one byte over fails.
    [Fact]
    public async Task ReadAsync_BodySizesAroundLimit_AcceptsUpToLimitOnly()
    {
        var random = new Random(20261125);
        for (var i = 0; i < 24; i++)
        {
            var size = ApiLimits.MaxJsonBodyBytes + random.Next(-64, 65);
            var json = PaddedJson(size);
            var request = Request(json, "application/json", sendLength: i % 2 == 0);

            if (size <= ApiLimits.MaxJsonBodyBytes)
            {
                var body = await JsonRequest.ReadAsync<EmbedRequest>(request);
                Assert.Single(body.Texts!);
            }
            else
            {
                var error = await Assert.ThrowsAsync<RequestTooLargeException>(() => JsonRequest.ReadAsync<EmbedRequest>(request));
                Assert.Equal(ApiLimits.MaxJsonBodyBytes, error.MaxBytes);
            }
        }
    }

    [Theory]
    [InlineData("""{"texts":["a",]}""", "texts[1]")]
    [InlineData("""{"texts":[1]}""", "texts[0]")]
    [InlineData("""{"texts":"a"}""", "texts")]
    [InlineData("""[]""", "body")]
    [InlineData("""null""", "body")]
    [InlineData("", "body")]
    [InlineData("""{"texts":["a"]""", "body")]
    public async Task ReadAsync_MalformedJson_FailsNamingThePlace(string json, string field)
    {
        var error = await Assert.ThrowsAsync<VectronValidationException>(() => JsonRequest.ReadAsync<EmbedRequest>(Request(json, "application/json")));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public async Task ReadAsync_UnknownMember_FailsNamingIt()
    {
        var error = await Assert.ThrowsAsync<VectronValidationException>(() => JsonRequest.ReadAsync<EmbedRequest>(Request("""{"text":["a"]}""", "application/json")));

        Assert.Equal("text", error.Field);
    }

    // A JSON document of exactly `size` bytes: {"texts":["xxx..."]}.
    // Regression (found by the fuzzer): strings inside a JsonElement member (a query filter) were decoded only by
    // whoever read them, so invalid UTF-8 or a lone surrogate escape surfaced as InvalidOperationException, a 500.
    [Fact]
    public async Task ReadAsync_BadStringInsideJsonElement_FailsNamingTheBody()
    {
        var random = new Random(20261126);
        byte[][] invalidUtf8 = [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x80]];
        string[] badEscapes = ["\\ud800", "\\udfff", "\\ud800\\u0041", "\\udbff\\udbff"];
        for (var i = 0; i < 40; i++)
        {
            var prefix = Encoding.UTF8.GetBytes("{\"filter\":{\"k" + i + "\":{\"$in\":[\"a");
            var suffix = Encoding.UTF8.GetBytes("b\"]}}}");
            byte[] bad = i % 2 == 0 ? invalidUtf8[random.Next(invalidUtf8.Length)] : Encoding.UTF8.GetBytes(badEscapes[random.Next(badEscapes.Length)]);
            var request = Request([.. prefix, .. bad, .. suffix], "application/json");

            var error = await Assert.ThrowsAsync<VectronValidationException>(() => JsonRequest.ReadAsync<FilterHolder>(request));

            Assert.Equal(JsonRequest.BodyField, error.Field);
        }
    }

    [Fact]
    public async Task ReadAsync_ValidEscapesInsideJsonElement_Read()
    {
        var read = await JsonRequest.ReadAsync<FilterHolder>(Request("""{"filter":{"k":"\ud83d\ude00 \u00e9 café"}}""", "application/json"));

        Assert.Equal("\U0001F600 \u00e9 caf\u00e9", read.Filter!.Value.GetProperty("k").GetString());
    }

    public sealed class FilterHolder
    {
        public System.Text.Json.JsonElement? Filter { get; init; }
    }

    private static string PaddedJson(int size)
    {
        const string prefix = "{\"texts\":[\"";
        const string suffix = "\"]}";
        return prefix + new string('x', size - prefix.Length - suffix.Length) + suffix;
    }

    internal static HttpRequest Request(string body, string? contentType, bool sendLength = true)
        => Request(Encoding.UTF8.GetBytes(body), contentType, sendLength);

    internal static HttpRequest Request(byte[] bytes, string? contentType, bool sendLength = true)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = sendLength ? bytes.Length : null;
        return context.Request;
    }
}
