using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vectron.Reliability.Tests.Infrastructure;

/// <summary>The HTTP calls the reliability tests make, written as a client would (docs/api.md is the contract).</summary>
internal sealed class VectronApi(HttpClient client)
{
    public HttpClient Client => client;

    public async Task CreateVectorCollectionAsync(string name, int dimensions)
    {
        using var response = await client.PutAsJsonAsync(Collection(name), new { dimensions });
        await EnsureSuccessAsync(response);
    }

    /// <summary>Upserts documents whose vectors come from their seeds; the id is <c>{prefix}{seed}</c>.</summary>
    public Task<HttpResponseMessage> UpsertAsync(string collection, IEnumerable<int> seeds, int dimensions, string prefix = "d", CancellationToken cancellationToken = default)
    {
        var documents = seeds.Select(seed => new { id = prefix + seed.ToString(System.Globalization.CultureInfo.InvariantCulture), vector = SeededVectors.Create(seed, dimensions) });
        return client.PostAsJsonAsync(Collection(collection) + "/documents", new { documents }, cancellationToken);
    }

    public Task<HttpResponseMessage> QueryAsync(string collection, float[] vector, int topK, CancellationToken cancellationToken = default)
        => client.PostAsJsonAsync(Collection(collection) + "/query", new { vector, topK }, cancellationToken);

    /// <summary>The stored vector of a document, or null when it is not there (404).</summary>
    public async Task<float[]?> GetVectorAsync(string collection, string id, CancellationToken cancellationToken = default)
    {
        using var response = await client.GetAsync(new Uri($"{Collection(collection)}/documents/{Uri.EscapeDataString(id)}", UriKind.Relative), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response);
        var document = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return document!["vector"]!.Deserialize<float[]>();
    }

    /// <summary>Live documents and not yet compacted log bytes of a collection (<c>GET collections/{name}</c>).</summary>
    public async Task<(int Count, int Segments, long LogBytes)> StatsAsync(string collection, CancellationToken cancellationToken = default)
    {
        using var response = await client.GetAsync(new Uri(Collection(collection), UriKind.Relative), cancellationToken);
        await EnsureSuccessAsync(response);
        var stats = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return ((int)stats!["count"]!, (int)stats["segments"]!, (long)stats["logBytes"]!);
    }

    /// <summary>Starts a bulk job from NDJSON; returns its id.</summary>
    public async Task<string> StartBulkAsync(string collection, string ndjson, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(ndjson, Encoding.UTF8, "application/x-ndjson");
        using var response = await client.PostAsync(new Uri(Collection(collection) + "/bulk", UriKind.Relative), content, cancellationToken);
        await EnsureSuccessAsync(response);
        var accepted = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return (string)accepted!["jobId"]!;
    }

    public async Task<JsonObject> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        using var response = await client.GetAsync(new Uri("api/jobs/" + jobId, UriKind.Relative), cancellationToken);
        await EnsureSuccessAsync(response);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
    }

    public static async Task EnsureSuccessAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            string body = await response.Content.ReadAsStringAsync();
            throw new HttpRequestException($"{(int)response.StatusCode} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {body}", null, response.StatusCode);
        }
    }

    private static string Collection(string name) => "api/collections/" + name;
}
