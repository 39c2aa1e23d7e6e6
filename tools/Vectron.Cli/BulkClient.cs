using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vectron.Cli;

/// <summary>The client side of the bulk HTTP contract (docs/api.md "Bulk ingestion").</summary>
internal sealed class BulkClient(HttpClient http, BulkCommand command)
{
    public const string KeyHeader = "x-functions-key";
    public const string NdjsonMediaType = "application/x-ndjson";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private Uri BaseUrl { get; } = command.BaseUrl.AbsoluteUri.EndsWith('/') ? command.BaseUrl : new Uri(command.BaseUrl.AbsoluteUri + "/");

    /// <summary>Streams <paramref name="file"/> as the request body (compressed on the fly with --gzip); returns the 202 answer.</summary>
    public async Task<JobAccepted> UploadAsync(Stream file, bool fileIsGzip, CancellationToken cancellationToken = default)
    {
        var uri = new Uri(BaseUrl, $"api/collections/{Uri.EscapeDataString(command.Collection)}/bulk");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri);
        bool compressOnTheFly = command.Gzip && !fileIsGzip;
        request.Content = compressOnTheFly ? new GzipContent(file) : new StreamContent(file);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(NdjsonMediaType);
        if (compressOnTheFly || fileIsGzip)
        {
            request.Content.Headers.ContentEncoding.Add("gzip");
        }

        AddKey(request);
        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await FailureAsync(response, cancellationToken);
        }

        return await response.Content.ReadFromJsonAsync<JobAccepted>(Json, cancellationToken)
            ?? throw new UsageException("The server answered 202 without a job.");
    }

    public async Task<JobView> GetJobAsync(string statusUrl, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUrl, statusUrl));
        AddKey(request);
        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, cancellationToken);
        }

        return await response.Content.ReadFromJsonAsync<JobView>(Json, cancellationToken)
            ?? throw new UsageException("The server answered without a job.");
    }

    /// <summary>Polls the job every <see cref="BulkCommand.PollInterval"/> until it has ended; reports each look.</summary>
    public async Task<JobView> WatchAsync(JobAccepted accepted, Action<JobView> progress, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            JobView job = await GetJobAsync(accepted.StatusUrl, cancellationToken);
            progress(job);
            if (job.IsFinished)
            {
                return job;
            }

            await Task.Delay(command.PollInterval, cancellationToken);
        }
    }

    private static async Task<UsageException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new UsageException($"{(int)response.StatusCode} {response.ReasonPhrase}: {body}");
    }

    private void AddKey(HttpRequestMessage request)
    {
        if (command.Key is not null)
        {
            request.Headers.Add(KeyHeader, command.Key);
        }
    }

    /// <summary>A request body gzip-compressed while it is sent (chunked), so the file is never held in memory.</summary>
    private sealed class GzipContent(Stream source) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await using var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
            await source.CopyToAsync(gzip);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
