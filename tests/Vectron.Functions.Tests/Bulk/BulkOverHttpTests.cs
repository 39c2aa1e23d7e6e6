using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Vectron.Functions.Tests.LocalHost;
using Vectron.Index.Collections;
using Vectron.Index.Ingestion;
using Vectron.Index.Storage;

namespace Vectron.Functions.Tests.Bulk;

/// <summary>Bulk ingestion end to end: real HTTP through the local host, its queue triggers, Azurite.</summary>
[Collection(LocalHostTestGroup.Name)]
public sealed class BulkOverHttpTests(LocalHostFixture host)
{
    private const int Dimensions = 8;
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(2);

    private HttpClient Client => host.Client;

    [Fact]
    public async Task Bulk_20000GzipVectorDocuments_JobCompletesCountExactAllQueryable()
    {
        const string collection = "bulk-big";
        const int count = 20_000;
        await CreateAsync(collection);
        var vectors = Vectors(count, seed: 20);
        var ndjson = Ndjson(Enumerable.Range(0, count).Select(i => Line($"doc-{i}", vectors[i], new { n = i })));

        using var response = await PostAsync(collection, Gzip(ndjson), "gzip");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var jobId = accepted.GetProperty("jobId").GetString()!;
        Assert.Equal($"/api/jobs/{jobId}", accepted.GetProperty("statusUrl").GetString());
        Assert.Equal($"/api/jobs/{jobId}", response.Headers.Location?.OriginalString);
        Assert.Equal(count, accepted.GetProperty("documents").GetInt64());
        Assert.True(accepted.GetProperty("chunks").GetInt32() >= count / 2000);

        var job = await WaitForJobAsync(jobId);
        Assert.Equal("completed", job.GetProperty("state").GetString());
        Assert.Equal(count, job.GetProperty("documentsWritten").GetInt64());
        Assert.Equal(0, job.GetProperty("badLines").GetInt64());
        Assert.Equal(accepted.GetProperty("chunks").GetInt32(), job.GetProperty("chunksCompleted").GetInt32());
        Assert.Equal(count, await CountAsync(collection));
        await SpotCheckAsync(collection, "doc-", vectors, new Random(21), checks: 8);
    }

    [Fact]
    public async Task Bulk_EveryChunkDeliveredTwice_NoDuplicatesAndExactProgress()
    {
        const string collection = "bulk-twice";
        const int count = 5_000;
        await CreateAsync(collection);
        var vectors = Vectors(count, seed: 30);
        var ndjson = Ndjson(Enumerable.Range(0, count).Select(i => Line($"t-{i}", vectors[i])));
        var ingestion = host.Services.GetRequiredService<IBulkIngestion>();
        var started = await ingestion.StartJobAsync(collection, new MemoryStream(ndjson));
        Assert.True(started.Chunks.Count > 1);

        // Each message twice, as a queue may deliver it (and a client re-sending the same messages would).
        await host.Services.GetRequiredService<IBulkQueue>().EnqueueAsync([.. started.Chunks, .. started.Chunks]);

        var job = await WaitForJobAsync(started.JobId);
        await WaitForEmptyAsync(host.Services.GetRequiredService<AzureBulkQueue>().Queue);
        job = await GetJobAsync(started.JobId);
        Assert.Equal("completed", job.GetProperty("state").GetString());
        Assert.Equal(started.Chunks.Count, job.GetProperty("chunksCompleted").GetInt32());
        Assert.Equal(count, job.GetProperty("documentsWritten").GetInt64());
        Assert.Equal(count, await CountAsync(collection));
        await SpotCheckAsync(collection, "t-", vectors, new Random(31), checks: 4);
    }

    [Fact]
    public async Task Bulk_FileWithBadLines_ReportsThoseLinesWritesTheRest()
    {
        const string collection = "bulk-bad";
        await CreateAsync(collection);
        var random = new Random(40);
        var lines = new List<string>();
        var bad = new SortedDictionary<int, string>();
        var good = 0;
        for (var line = 1; line <= 300; line++)
        {
            switch (random.Next(10))
            {
                case 0:
                    lines.Add("{not json");
                    bad[line] = "json";
                    break;
                case 1:
                    lines.Add(Line($"short-{line}", [1f, 2f]));
                    bad[line] = "vector";
                    break;
                case 2:
                    lines.Add("""{"id":"nothing","metadata":{"a":1}}""");
                    bad[line] = "either";
                    break;
                default:
                    lines.Add(Line($"good-{line}", Vectors(1, seed: line)[0]));
                    good++;
                    break;
            }
        }

        using var response = await PostAsync(collection, Ndjson(lines), contentEncoding: null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()!;

        var job = await WaitForJobAsync(jobId);
        Assert.Equal("completed-with-errors", job.GetProperty("state").GetString());
        Assert.Equal(good, job.GetProperty("documentsWritten").GetInt64());
        Assert.Equal(bad.Count, job.GetProperty("badLines").GetInt64());
        Assert.Equal(bad.Keys, job.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()));
        Assert.Equal(good, await CountAsync(collection));
    }

    [Fact]
    public async Task Bulk_ChunkFailingEveryDelivery_JobReportsItAfterThePoisonQueue()
    {
        const string collection = "bulk-poison";
        await CreateAsync(collection);
        var vectors = Vectors(10, seed: 50);
        var ingestion = host.Services.GetRequiredService<IBulkIngestion>();
        var started = await ingestion.StartJobAsync(collection, new MemoryStream(Ndjson(vectors.Select((v, i) => Line($"p-{i}", v)))));

        // Without its staged data every delivery of the chunk throws, until the host moves it to the poison queue.
        await host.Services.GetRequiredService<VectronStorage>().Container.GetBlobClient(JobLayout.Staging(started.JobId)).DeleteAsync();
        await host.Services.GetRequiredService<IBulkQueue>().EnqueueAsync(started.Chunks);

        var job = await WaitForJobAsync(started.JobId);
        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Equal(started.Chunks.Count, job.GetProperty("chunksFailed").GetInt32());
        var failed = Assert.Single(job.GetProperty("failedChunks").EnumerateArray());
        Assert.Equal(0, failed.GetProperty("chunk").GetInt32());
        Assert.Equal(10, failed.GetProperty("documents").GetInt32());
        Assert.Equal(0, await CountAsync(collection));
    }

    [Fact]
    public async Task Bulk_RejectedRequests_ProblemsAsDocumented()
    {
        await CreateAsync("bulk-reject");
        using (var missing = await PostAsync("bulk-missing", Ndjson([Line("a", Vectors(1, 1)[0])]), null))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (var empty = await PostAsync("bulk-reject", Encoding.UTF8.GetBytes("\n\n"), null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        }

        using (var notGzip = await PostAsync("bulk-reject", Ndjson([Line("a", Vectors(1, 1)[0])]), "gzip"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notGzip.StatusCode);
        }

        using (var unknown = await Client.GetAsync(Uri($"jobs/{new string('a', JobLayout.JobIdLength)}")))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using var malformed = await Client.GetAsync(Uri("jobs/not-a-job"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var problem = await malformed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("jobId", out _));
    }

    internal static float[][] Vectors(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() * 2) - 1).ToArray()).ToArray();
    }

    internal static string Line(string id, float[] vector, object? metadata = null) =>
        JsonSerializer.Serialize(new { id, vector, metadata }, BulkJson.Options);

    internal static byte[] Ndjson(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static Uri Uri(string path) => new($"/api/{path}", UriKind.Relative);

    private static async Task WaitForEmptyAsync(QueueClient queue)
    {
        var deadline = DateTime.UtcNow + JobTimeout;
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Queue {queue.Name} was not drained.");
            await Task.Delay(100);
        }
    }

    private async Task CreateAsync(string collection)
    {
        using var response = await Client.PutAsJsonAsync(Uri($"collections/{collection}"), new { dimensions = Dimensions });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpResponseMessage> PostAsync(string collection, byte[] body, string? contentEncoding)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        if (contentEncoding is not null)
        {
            content.Headers.ContentEncoding.Add(contentEncoding);
        }

        return await Client.PostAsync(Uri($"collections/{collection}/bulk"), content);
    }

    private async Task<JsonElement> GetJobAsync(string jobId) => await Client.GetFromJsonAsync<JsonElement>(Uri($"jobs/{jobId}"));

    private async Task<JsonElement> WaitForJobAsync(string jobId)
    {
        var deadline = DateTime.UtcNow + JobTimeout;
        while (true)
        {
            var job = await GetJobAsync(jobId);
            if (job.GetProperty("isFinished").GetBoolean())
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Job {jobId} did not finish: {job}");
            await Task.Delay(100);
        }
    }

    private async Task<int> CountAsync(string collection) =>
        (await Client.GetFromJsonAsync<JsonElement>(Uri($"collections/{collection}"))).GetProperty("count").GetInt32();

    // Random documents: read back by id, and found first by their own vector.
    private async Task SpotCheckAsync(string collection, string idPrefix, float[][] vectors, Random random, int checks)
    {
        for (var check = 0; check < checks; check++)
        {
            var i = random.Next(vectors.Length);
            var document = await Client.GetFromJsonAsync<JsonElement>(Uri($"collections/{collection}/documents/{idPrefix + i}"));
            Assert.Equal(idPrefix + i, document.GetProperty("id").GetString());
            using var query = await Client.PostAsJsonAsync(Uri($"collections/{collection}/query"), new { vector = vectors[i], topK = 3 });
            Assert.Equal(HttpStatusCode.OK, query.StatusCode);
            var top = (await query.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hits")[0];
            Assert.Equal(idPrefix + i, top.GetProperty("id").GetString());
            Assert.True(top.GetProperty("score").GetSingle() > 0.999f);
        }
    }
}
