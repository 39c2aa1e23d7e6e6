using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Vectron.Functions.Http;
using Vectron.Functions.Tests.LocalHost;
using Vectron.Index.Collections;
using static Vectron.Functions.Tests.Api.DocumentLifecycleTests;

namespace Vectron.Functions.Tests.Api;

/// <summary>
/// A battery of malformed requests (collections, documents, queries, embed) over HTTP through the local host: each is answered 4xx with a problem naming the
/// field, the server stays healthy, and neither collection changes.
/// </summary>
[Collection(LocalHostTestGroup.Name)]
public sealed class MalformedRequestTests(LocalHostFixture host)
{
    private const string TextCollection = "battery-text";
    private const string VectorCollection = "battery-vec";
    private const string Json = "application/json";

    /// <summary>method, route, content type, body, expected status, expected field (null: any or none).</summary>
    public static IEnumerable<(string Method, string Route, string? ContentType, string Body, HttpStatusCode Status, string? Field)> Cases()
    {
        const HttpStatusCode bad = HttpStatusCode.BadRequest;
        const string documents = "collections/" + TextCollection + "/documents";
        const string vectors = "collections/" + VectorCollection + "/documents";
        yield return ("PUT", "collections/.hidden", Json, """{"dimensions":3}""", bad, "name");
        yield return ("PUT", "collections/UPPER", Json, """{"dimensions":3}""", bad, "name");
        yield return ("PUT", "collections/under_score", Json, """{"dimensions":3}""", bad, "name");
        yield return ("PUT", "collections/" + new string('a', CollectionName.MaxLength + 1), Json, """{"dimensions":3}""", bad, "name");
        yield return ("PUT", "collections/a%2Fb%2Fc", Json, """{"dimensions":3}""", bad, "name");
        yield return ("PUT", "collections/.hidden", Json, """{"dimensions":3}""", bad, "name");
        yield return ("PUT", "collections/battery-new", Json, """{}""", bad, "dimensions");
        yield return ("PUT", "collections/battery-new", Json, """{"dimensions":0}""", bad, "dimensions");
        yield return ("PUT", "collections/battery-new", Json, """{"dimensions":5000}""", bad, "dimensions");
        yield return ("PUT", "collections/battery-new", Json, """{"dimensions":3.5}""", bad, "dimensions");
        yield return ("PUT", "collections/battery-new", Json, """{"dimensions":3,"metric":"euclidean"}""", bad, "metric");
        yield return ("PUT", "collections/battery-new", Json, """{"model":"no-such-model"}""", bad, "model");
        yield return ("PUT", "collections/battery-new", Json, """{"dimensions":3,"size":1}""", bad, "size");
        yield return ("PUT", "collections/battery-new", Json, "not json", bad, null);
        yield return ("PUT", "collections/battery-new", "text/plain", """{"dimensions":3}""", bad, "Content-Type");
        yield return ("PUT", "collections/" + VectorCollection, Json, """{"dimensions":4}""", HttpStatusCode.Conflict, null);
        yield return ("POST", documents, Json, """{}""", bad, "documents");
        yield return ("POST", documents, Json, """{"documents":[]}""", bad, "documents");
        yield return ("POST", documents, Json, """{"documents":{}}""", bad, "documents");
        yield return ("POST", documents, Json, JsonSerializer.Serialize(new { documents = Enumerable.Range(0, DocumentLimits.MaxDocumentsPerBatch + 1).Select(i => new { id = $"d{i}", text = "t" }) }), bad, "documents");
        yield return ("POST", documents, Json, """{"documents":[null]}""", bad, "documents[0]");
        yield return ("POST", documents, Json, """{"documents":[{"id":"x"}]}""", bad, "documents[0]");
        yield return ("POST", documents, Json, """{"documents":[{"id":"","text":"t"}]}""", bad, "documents[0].id");
        yield return ("POST", documents, Json, JsonSerializer.Serialize(new { documents = new[] { new { id = new string('i', DocumentLimits.MaxIdBytes + 1), text = "t" } } }), bad, "documents[0].id");
        yield return ("POST", documents, Json, """{"documents":[{"id":"a\u0001b","text":"t"}]}""", bad, "documents[0].id");
        yield return ("POST", documents, Json, """{"documents":[{"id":5,"text":"t"}]}""", bad, "documents[0].id");
        yield return ("POST", documents, Json, """{"documents":[{"id":"a","text":"  \t "}]}""", bad, "documents[0].text");
        yield return ("POST", documents, Json, JsonSerializer.Serialize(new { documents = new[] { new { id = "a", text = new string('t', DocumentLimits.MaxTextBytes + 1) } } }), bad, "documents[0].text");
        yield return ("POST", documents, Json, """{"documents":[{"id":"a","text":"t","metadata":[1]}]}""", bad, "documents[0].metadata");
        yield return ("POST", documents, Json, """{"documents":[{"id":"a","text":"t","metadata":"x"}]}""", bad, "documents[0].metadata");
        yield return ("POST", documents, Json, """{"documents":[{"id":"a","text":"t","extra":1}]}""", bad, "documents[0].extra");
        yield return ("POST", documents, Json, """{"documents":[{"id":"a","text":"t"}],"upsert":true}""", bad, "upsert");
        yield return ("POST", vectors, Json, """{"documents":[{"id":"a","vector":[1,2]}]}""", bad, "documents[0].vector");
        yield return ("POST", vectors, Json, """{"documents":[{"id":"a","vector":[0,0,0]}]}""", bad, "documents[0].vector");
        yield return ("POST", vectors, Json, """{"documents":[{"id":"a","vector":[1,"2",3]}]}""", bad, "documents[0].vector[1]");
        yield return ("POST", vectors, Json, """{"documents":[{"id":"a","vector":[1e39,1,1]}]}""", bad, null);
        yield return ("POST", vectors, Json, """{"documents":[{"id":"a","text":"no model in this collection"}]}""", bad, "documents[0].text");
        yield return ("POST", vectors, Json, """{"documents":[{"id":"ok","vector":[1,0,0]},{"id":"bad","vector":[1]}]}""", bad, "documents[1].vector");
        yield return ("POST", vectors, Json, """{"documents":[{"id":"ok","vector":[1,0,0]},{"id":"ok2","vector":[0,1,0],"metadata":{"a":1,}}]}""", bad, null);
        yield return ("POST", vectors, Json, """{"documents":[""", bad, null);
        yield return ("POST", vectors, Json, "null", bad, "body");
        yield return ("POST", vectors, "application/xml", "<documents/>", bad, "Content-Type");
        yield return ("POST", vectors, "application/json; charset=iso-8859-1", """{"documents":[{"id":"a","vector":[1,0,0]}]}""", bad, "Content-Type");
        yield return ("POST", vectors, Json, "{\"documents\":[{\"id\":\"a\",\"vector\":[1,0,0],\"pad\":\"" + new string('p', ApiLimits.MaxDocumentsBodyBytes) + "\"}]}", HttpStatusCode.RequestEntityTooLarge, "body");
        yield return ("POST", "collections/battery-missing/documents", Json, """{"documents":[{"id":"a","vector":[1,0,0]}]}""", HttpStatusCode.NotFound, null);
        yield return ("GET", "collections/battery-missing", null, "", HttpStatusCode.NotFound, null);
        yield return ("DELETE", "collections/battery-missing", null, "", HttpStatusCode.NotFound, null);
        yield return ("GET", "collections/Bad_Name", null, "", bad, "name");
        yield return ("GET", "collections/" + TextCollection + "/documents/missing", null, "", HttpStatusCode.NotFound, null);
        yield return ("DELETE", "collections/Bad_Name/documents/x", null, "", bad, "name");
        yield return ("DELETE", "collections/battery-missing/documents/x", null, "", HttpStatusCode.NotFound, null);
        const string textQuery = "collections/" + TextCollection + "/query";
        const string vectorQuery = "collections/" + VectorCollection + "/query";
        yield return ("POST", textQuery, Json, """{}""", bad, "text");
        yield return ("POST", textQuery, Json, """{"text":"a","vector":[1,0,0]}""", bad, "vector");
        yield return ("POST", textQuery, Json, """{"text":""}""", bad, "text");
        yield return ("POST", textQuery, Json, """{"text":"a","topK":0}""", bad, "topK");
        yield return ("POST", textQuery, Json, """{"text":"a","topK":1001}""", bad, "topK");
        yield return ("POST", textQuery, Json, """{"text":"a","topK":-5}""", bad, "topK");
        yield return ("POST", textQuery, Json, """{"text":"a","include":["everything"]}""", bad, "include[0]");
        yield return ("POST", textQuery, Json, """{"text":"a","consistency":"sometimes"}""", bad, "consistency");
        yield return ("POST", textQuery, Json, """{"text":"a","filter":{"year":{"$regex":"x"}}}""", bad, "filter.year.$regex");
        yield return ("POST", textQuery, Json, """{"text":"a","filter":{"$and":{}}}""", bad, null);
        yield return ("POST", textQuery, Json, """{"text":"a","k":3}""", bad, "k");
        yield return ("POST", vectorQuery, Json, """{"vector":[1,0,0],"exact":false}""", bad, "exact");
        yield return ("POST", vectorQuery, Json, """{"vector":[1,0,0],"mode":"quick"}""", bad, "mode");
        yield return ("POST", vectorQuery, Json, """{"vector":[1,0,0],"mode":true}""", bad, "mode");
        yield return ("POST", vectorQuery, Json, """{"vector":[1,0,0],"mode":"fast","oversample":0}""", bad, "oversample");
        yield return ("POST", vectorQuery, Json, """{"vector":[1,0,0],"mode":"fast","oversample":101}""", bad, "oversample");
        yield return ("POST", vectorQuery, Json, """{"vector":[1,0]}""", bad, "vector");
        yield return ("POST", vectorQuery, Json, """{"vector":[0,0,0]}""", bad, "vector");
        yield return ("POST", vectorQuery, Json, """{"text":"no model"}""", bad, "text");
        yield return ("POST", "collections/battery-missing/query", Json, """{"vector":[1,0,0]}""", HttpStatusCode.NotFound, null);
        yield return ("POST", "embed", Json, """{"texts":[]}""", bad, "texts");
        yield return ("POST", "embed", Json, """{"texts":"one"}""", bad, "texts");
    }

    [Fact]
    public async Task Battery_MalformedRequests_Answer4xxProblemAndChangeNothing()
    {
        var cases = Cases().ToArray();
        Assert.True(cases.Length >= 40);
        await SetUpAsync();
        var before = await SnapshotAsync();

        foreach (var (method, route, contentType, body, status, field) in cases)
        {
            var scenario = $"{method} {route[..Math.Min(route.Length, 80)]} {body[..Math.Min(body.Length, 80)]}";
            using var request = new HttpRequestMessage(new HttpMethod(method), Uri(route));
            if (contentType is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            using var response = await host.Client.SendAsync(request);

            Assert.True(status == response.StatusCode, $"{scenario}: expected {status}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal(ProblemResult.ContentType, response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            if (field is not null)
            {
                var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToArray();
                Assert.True(errors.SequenceEqual([field]), $"{scenario}: expected field {field}, got {string.Join(", ", errors)}");
            }

            using var health = await host.Client.GetAsync(Uri("health"));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.True(before == await SnapshotAsync(), $"{scenario} changed a collection");
        }
    }

    private async Task SetUpAsync()
    {
        var model = (await host.Client.GetFromJsonAsync<JsonElement>(Uri("health"))).GetProperty("model").GetProperty("id").GetString();
        (await host.Client.PutAsJsonAsync(Uri("collections/" + TextCollection), new { model })).EnsureSuccessStatusCode();
        (await host.Client.PutAsJsonAsync(Uri("collections/" + VectorCollection), new { dimensions = 3 })).EnsureSuccessStatusCode();
        (await host.Client.PostAsJsonAsync(Uri("collections/" + TextCollection + "/documents"), new { documents = new[] { new { id = "t1", text = "first" }, new { id = "t2", text = "second" } } })).EnsureSuccessStatusCode();
        (await host.Client.PostAsJsonAsync(Uri("collections/" + VectorCollection + "/documents"), new { documents = new[] { new { id = "v1", vector = new[] { 0.6f, 0.8f, 0 } } } })).EnsureSuccessStatusCode();
    }

    // Counts and one document of each collection, as text, so any change shows.
    private async Task<string> SnapshotAsync()
    {
        var text = await host.Client.GetFromJsonAsync<JsonElement>(Uri("collections/" + TextCollection));
        var vector = await host.Client.GetFromJsonAsync<JsonElement>(Uri("collections/" + VectorCollection));
        var v1 = await host.Client.GetStringAsync(Uri("collections/" + VectorCollection + "/documents/v1"));
        var t1 = await host.Client.GetStringAsync(Uri("collections/" + TextCollection + "/documents/t1"));
        var list = await host.Client.GetFromJsonAsync<JsonElement>(Uri("collections"));
        var names = string.Join(',', list.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Where(n => n!.StartsWith("battery", StringComparison.Ordinal)).Order());
        return $"{text.GetProperty("count")}|{vector.GetProperty("count")}|{v1}|{t1}|{names}";
    }
}
