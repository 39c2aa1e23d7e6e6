using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vectron.Functions.Tests.LocalHost;
using static Vectron.Functions.Tests.Api.DocumentLifecycleTests;

namespace Vectron.Functions.Tests.Api;

/// <summary>Text and vector queries over real HTTP through the local host, against Azurite and the real model.</summary>
[Collection(LocalHostTestGroup.Name)]
public sealed class QueryOverHttpTests(LocalHostFixture host)
{
    private HttpClient Client => host.Client;

    [Fact]
    public async Task TextQuery_RealModel_RanksTheClosestMeaningFirstWithTimings()
    {
        await CreateTextCollectionAsync("q-text");
        await UpsertAsync("q-text", new object[]
        {
            new { id = "cat", text = "A cat is sleeping on the sofa.", metadata = new { topic = "pets", year = 2024 } },
            new { id = "money", text = "The bank raised interest rates again.", metadata = new { topic = "finance", year = 2025 } },
            new { id = "dog", text = "My dog loves chasing balls in the park.", metadata = new { topic = "pets", year = 2025 } },
            new { id = "rain", text = "Heavy rain is expected over the weekend.", metadata = new { topic = "weather", year = 2025 } },
        });

        using var response = await Client.PostAsJsonAsync(Uri("collections/q-text/query"), new { text = "kitten napping on a couch", topK = 4, include = new[] { "metadata", "text" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hits = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hits").EnumerateArray().ToArray();
        Assert.Equal(4, hits.Length);
        Assert.Equal("cat", hits[0].GetProperty("id").GetString());
        Assert.Equal("pets", hits[0].GetProperty("metadata").GetProperty("topic").GetString());
        Assert.Equal("A cat is sleeping on the sofa.", hits[0].GetProperty("text").GetString());
        Assert.False(hits[0].TryGetProperty("vector", out _));
        var scores = hits.Select(h => h.GetProperty("score").GetSingle()).ToArray();
        Assert.Equal(scores.OrderDescending(), scores);
        var timing = response.Headers.GetValues("Server-Timing").Single();
        foreach (var part in new[] { "embed", "catchup", "load", "scan", "fetch" })
        {
            Assert.Matches($@"\b{part};dur=\d", timing);
        }
    }

    [Fact]
    public async Task TextQuery_Filter_ReturnsOnlyMatchingDocuments()
    {
        await CreateTextCollectionAsync("q-filter");
        var random = new Random(5);
        var documents = Enumerable.Range(0, 40).Select(i => (object)new { id = $"d{i}", text = $"note number {i} about {(i % 3 == 0 ? "cats" : "taxes")}", metadata = new { group = i % 4, year = 2000 + random.Next(30) } }).ToArray();
        await UpsertAsync("q-filter", documents);

        foreach (var (filter, expected) in new (object Filter, Func<JsonElement, bool> Expected)[]
        {
            (new { group = 2 }, m => m.GetProperty("group").GetInt32() == 2),
            (JsonSerializer.Deserialize<JsonElement>("""{"year":{"$gte":2015}}"""), m => m.GetProperty("year").GetInt32() >= 2015),
            (JsonSerializer.Deserialize<JsonElement>("""{"$or":[{"group":1},{"year":{"$lt":2005}}]}"""), m => m.GetProperty("group").GetInt32() == 1 || m.GetProperty("year").GetInt32() < 2005),
        })
        {
            using var response = await Client.PostAsJsonAsync(Uri("collections/q-filter/query"), new { text = "cats", topK = 40, filter, include = new[] { "metadata" } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var hits = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hits").EnumerateArray().ToArray();
            var all = documents.Select(d => JsonSerializer.SerializeToElement(d)).Where(d => expected(d.GetProperty("metadata"))).Select(d => d.GetProperty("id").GetString()).Order();
            Assert.Equal(all, hits.Select(h => h.GetProperty("id").GetString()).Order());
        }
    }

    [Fact]
    public async Task VectorQuery_ReadYourWritesAndDeletes_SeenByTheNextQuery()
    {
        using (await Client.PutAsJsonAsync(Uri("collections/q-vec"), new { dimensions = 8 }))
        {
        }

        var random = new Random(9);
        var vectors = Enumerable.Range(0, 30).Select(_ => Enumerable.Range(0, 8).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray()).ToArray();
        for (var i = 0; i < vectors.Length; i++)
        {
            // Each write is queried at once: an acknowledged write is in the next strong query.
            await UpsertAsync("q-vec", [new { id = $"v{i}", vector = vectors[i] }]);
            var top = await TopAsync("q-vec", vectors[i]);
            Assert.Equal($"v{i}", top.GetProperty("id").GetString());
            Assert.Equal(1f, top.GetProperty("score").GetSingle(), 4);
            Assert.Equal(8, top.GetProperty("vector").GetArrayLength());
        }

        using (await Client.DeleteAsync(Uri("collections/q-vec/documents/v7")))
        {
        }

        Assert.NotEqual("v7", (await TopAsync("q-vec", vectors[7])).GetProperty("id").GetString());
    }

    [Fact]
    public async Task VectorQuery_FastWithFullOversample_ReturnsTheExactRankingAndSaysExact()
    {
        (await Client.PutAsJsonAsync(Uri("collections/q-int8"), new { dimensions = 24 })).EnsureSuccessStatusCode();
        var random = new Random(17);
        float[] RandomVector() => Enumerable.Range(0, 24).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        await UpsertAsync("q-int8", Enumerable.Range(0, 50).Select(i => (object)new { id = $"r{i}", vector = RandomVector() }).ToArray());
        var query = RandomVector();

        async Task<(JsonElement[] Hits, string? Mode)> QueryAsync(object body)
        {
            using var response = await Client.PostAsJsonAsync(Uri("collections/q-int8/query"), body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (json.GetProperty("hits").EnumerateArray().ToArray(), json.GetProperty("mode").GetString());
        }

        // topK x oversample covers all 50 rows, so every row is scored exactly and the answer says so.
        var exact = await QueryAsync(new { vector = query, topK = 5, mode = "exact" });
        var covered = await QueryAsync(new { vector = query, topK = 5, mode = "fast", oversample = 10 });
        var fast = await QueryAsync(new { vector = query, topK = 5, mode = "fast", oversample = 1 });

        Assert.Equal(exact.Hits.Select(h => h.GetProperty("id").GetString()), covered.Hits.Select(h => h.GetProperty("id").GetString()));
        Assert.Equal(exact.Hits.Select(h => h.GetProperty("score").GetSingle()), covered.Hits.Select(h => h.GetProperty("score").GetSingle()));
        Assert.Equal(("exact", "exact", "fast"), (exact.Mode, covered.Mode, fast.Mode));
        Assert.Equal(5, fast.Hits.Length);
    }

    private async Task<JsonElement> TopAsync(string collection, float[] vector)
    {
        using var response = await Client.PostAsJsonAsync(Uri($"collections/{collection}/query"), new { vector, topK = 1, include = new[] { "vector" } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hits")[0];
    }

    private async Task CreateTextCollectionAsync(string name)
    {
        var model = (await Client.GetFromJsonAsync<JsonElement>(Uri("health"))).GetProperty("model").GetProperty("id").GetString();
        (await Client.PutAsJsonAsync(Uri("collections/" + name), new { model })).EnsureSuccessStatusCode();
    }

    private async Task UpsertAsync(string collection, object[] documents)
        => (await Client.PostAsJsonAsync(Uri($"collections/{collection}/documents"), new { documents })).EnsureSuccessStatusCode();
}
