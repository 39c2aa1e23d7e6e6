using System.IO.Compression;
using System.Net;
using System.Text;
using Vectron.Cli;

namespace Vectron.Cli.Tests;

public sealed class BulkClientTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UploadAsync_File_PostsNdjsonWithKeyAndOptionalGzip(bool gzip)
    {
        byte[] file = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"{{\"id\":\"{i}\",\"text\":\"t{i}\"}}\n")));
        var server = new FakeServer(_ => (HttpStatusCode.Accepted, """{"jobId":"j1","statusUrl":"/api/jobs/j1","documents":2000,"chunks":3}"""));
        var client = new BulkClient(new HttpClient(server), Command(gzip));

        JobAccepted accepted = await client.UploadAsync(new MemoryStream(file), fileIsGzip: false);

        Assert.Equal(new JobAccepted("j1", "/api/jobs/j1", 2000, 3), accepted);
        FakeServer.Request request = Assert.Single(server.Requests);
        Assert.Equal("POST http://127.0.0.1:7071/base/api/collections/docs/bulk", $"{request.Method} {request.Uri}");
        Assert.Equal("application/x-ndjson", request.ContentType);
        Assert.Equal("secret", request.Key);
        Assert.Equal(gzip ? "gzip" : null, request.ContentEncoding);
        byte[] received = gzip ? Gunzip(request.Body) : request.Body;
        Assert.Equal(file, received);
    }

    [Fact]
    public async Task UploadAsync_ServerRejects_ThrowsWithStatusAndBody()
    {
        var server = new FakeServer(_ => (HttpStatusCode.NotFound, """{"title":"Collection 'docs' does not exist."}"""));
        var client = new BulkClient(new HttpClient(server), Command(false));

        var error = await Assert.ThrowsAsync<UsageException>(() => client.UploadAsync(new MemoryStream([1]), fileIsGzip: false));

        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchAsync_JobProgresses_PollsUntilItEnds()
    {
        string[] states = ["queued", "running", "running", "completed"];
        int call = 0;
        var server = new FakeServer(_ =>
        {
            string state = states[call];
            call++;
            return (HttpStatusCode.OK, $$"""{"jobId":"j1","state":"{{state}}","chunksTotal":4,"chunksCompleted":{{call}},"chunksFailed":0,"documentsTotal":40,"documentsWritten":{{call * 10}},"badLines":0,"errors":[],"failedChunks":[],"documentsPerSecond":5.5,"createdAt":"2026-01-01T00:00:00Z"}""");
        });
        var client = new BulkClient(new HttpClient(server), Command(false));
        var seen = new List<JobView>();

        JobView last = await client.WatchAsync(new JobAccepted("j1", "/api/jobs/j1", 40, 4), seen.Add);

        Assert.Equal(states, seen.Select(j => j.State));
        Assert.Equal((40L, 4), (last.DocumentsWritten, last.ChunksCompleted));
        Assert.All(server.Requests, r => Assert.Equal("GET http://127.0.0.1:7071/api/jobs/j1 secret", $"{r.Method} {r.Uri} {r.Key}"));
    }

    private static BulkCommand Command(bool gzip) =>
        new("docs", "f.ndjson", new Uri("http://127.0.0.1:7071/base"), "secret", gzip, TimeSpan.FromMilliseconds(1));

    private static byte[] Gunzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress))
        {
            gzip.CopyTo(output);
        }

        return output.ToArray();
    }

    /// <summary>Answers every request with the given status and JSON and records what it received.</summary>
    private sealed class FakeServer(Func<HttpRequestMessage, (HttpStatusCode Status, string Json)> answer) : HttpMessageHandler
    {
        public List<Request> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            byte[] body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            Requests.Add(new Request(
                request.Method.Method,
                request.RequestUri!.AbsoluteUri,
                request.Content?.Headers.ContentType?.MediaType,
                request.Content?.Headers.ContentEncoding.SingleOrDefault(),
                request.Headers.TryGetValues(BulkClient.KeyHeader, out var keys) ? keys.Single() : null,
                body));
            (HttpStatusCode status, string json) = answer(request);
            return new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        }

        public sealed record Request(string Method, string Uri, string? ContentType, string? ContentEncoding, string? Key, byte[] Body);
    }
}
