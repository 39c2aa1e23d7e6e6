using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vectron.Functions.Tests.LocalHost;
using Vectron.Index.Embedding;

namespace Vectron.Functions.Tests.Api;

/// <summary>Collections and documents over real HTTP through the local host, against Azurite and the real model.</summary>
[Collection(LocalHostTestGroup.Name)]
public sealed class DocumentLifecycleTests(LocalHostFixture host)
{
    private HttpClient Client => host.Client;

    [Fact]
    public async Task Lifecycle_CreateUpsertReadDeleteDrop_EachStepVisibleAtOnce()
    {
        var model = await ServerModelAsync();
        using (var created = await Client.PutAsJsonAsync(Uri("collections/life-text"), new { model = model.Id }))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            var body = await created.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(model.Dimensions, body.GetProperty("dimensions").GetInt32());
            Assert.Equal(model.Id, body.GetProperty("model").GetString());
        }

        using (var again = await Client.PutAsJsonAsync(Uri("collections/life-text"), new { model = model.Id }))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        using (var conflict = await Client.PutAsJsonAsync(Uri("collections/life-text"), new { dimensions = 3 }))
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
            Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        }

        var documents = new object[]
        {
            new { id = "cat", text = "The cat sits on the mat.", metadata = new { kind = "animal", legs = 4 } },
            new { id = "bird", text = "A small bird sings in the tree.", metadata = new { kind = "animal", legs = 2 } },
            new { id = "given", vector = Enumerable.Range(0, model.Dimensions).Select(i => i % 7 == 0 ? 1f : 0f).ToArray(), text = "stored as given" },
        };
        using (var upserted = await Client.PostAsJsonAsync(Uri("collections/life-text/documents"), new { documents }))
        {
            Assert.Equal(HttpStatusCode.OK, upserted.StatusCode);
            var body = await upserted.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(3, body.GetProperty("upserted").GetInt32());
            Assert.Equal(2, body.GetProperty("embedded").GetInt32());
        }

        // Read-your-writes: the acknowledged document is there on the next request, with the model's vector of its text.
        var cat = await Client.GetFromJsonAsync<JsonElement>(Uri("collections/life-text/documents/cat"));
        Assert.Equal("The cat sits on the mat.", cat.GetProperty("text").GetString());
        Assert.Equal(4, cat.GetProperty("metadata").GetProperty("legs").GetInt32());
        var embedded = await EmbedAsync("The cat sits on the mat.");
        var stored = cat.GetProperty("vector").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(embedded.Length, stored.Length);
        Assert.True(embedded.Zip(stored, (a, b) => a * b).Sum() > 0.9999f);

        var given = await Client.GetFromJsonAsync<JsonElement>(Uri("collections/life-text/documents/given"));
        var norm = MathF.Sqrt(given.GetProperty("vector").EnumerateArray().Sum(v => v.GetSingle() * v.GetSingle()));
        Assert.Equal(1f, norm, 4);

        var stats = await Client.GetFromJsonAsync<JsonElement>(Uri("collections/life-text"));
        Assert.Equal(3, stats.GetProperty("count").GetInt32());
        var list = await Client.GetFromJsonAsync<JsonElement>(Uri("collections"));
        Assert.Contains(list.GetProperty("collections").EnumerateArray(), c => c.GetProperty("name").GetString() == "life-text");

        using (var deleted = await Client.DeleteAsync(Uri("collections/life-text/documents/cat")))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var gone = await Client.GetAsync(Uri("collections/life-text/documents/cat")))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        Assert.Equal(2, (await Client.GetFromJsonAsync<JsonElement>(Uri("collections/life-text"))).GetProperty("count").GetInt32());

        using (var dropped = await Client.DeleteAsync(Uri("collections/life-text")))
        {
            Assert.Equal(HttpStatusCode.NoContent, dropped.StatusCode);
        }

        using (var missing = await Client.GetAsync(Uri("collections/life-text")))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using var droppedAgain = await Client.DeleteAsync(Uri("collections/life-text"));
        Assert.Equal(HttpStatusCode.NotFound, droppedAgain.StatusCode);
    }

    [Fact]
    public async Task Upsert_SameIdTwice_LastWriteWins()
    {
        using (await Client.PutAsJsonAsync(Uri("collections/life-lww"), new { dimensions = 3 }))
        {
        }

        for (var round = 0; round < 5; round++)
        {
            using var response = await Client.PostAsJsonAsync(Uri("collections/life-lww/documents"), new { documents = new[] { new { id = "a", vector = new[] { 1f, round, 0 }, metadata = new { round } } } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var document = await Client.GetFromJsonAsync<JsonElement>(Uri("collections/life-lww/documents/a"));
            Assert.Equal(round, document.GetProperty("metadata").GetProperty("round").GetInt32());
        }
    }

    [Fact]
    public async Task Upsert_TextIntoVectorOnlyCollection_Returns400AndWritesNothing()
    {
        using (await Client.PutAsJsonAsync(Uri("collections/life-vec"), new { dimensions = 3 }))
        {
        }

        using var response = await Client.PostAsJsonAsync(Uri("collections/life-vec/documents"), new { documents = new object[] { new { id = "a", vector = new[] { 1f, 0, 0 } }, new { id = "b", text = "no model here" } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("documents[1].text", out _));
        Assert.Equal(0, (await Client.GetFromJsonAsync<JsonElement>(Uri("collections/life-vec"))).GetProperty("count").GetInt32());
    }

    internal static Uri Uri(string route) => new("/api/" + route, UriKind.Relative);

    private async Task<(string Id, int Dimensions)> ServerModelAsync()
    {
        var model = (await Client.GetFromJsonAsync<JsonElement>(Uri("health"))).GetProperty("model");
        return (model.GetProperty("id").GetString()!, model.GetProperty("dimensions").GetInt32());
    }

    private async Task<float[]> EmbedAsync(string text)
    {
        using var response = await Client.PostAsJsonAsync(Uri("embed"), new { texts = new[] { text } });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray();
    }
}
