using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Vectron.Functions.Http;
using Vectron.Functions.LocalHost;
using Vectron.Index.Collections;
using Vectron.Index.Ingestion;

namespace Vectron.Functions.Bulk;

/// <summary>Bulk upload of NDJSON (staged, split into chunk messages) and the job's progress (docs/api.md "Bulk ingestion").</summary>
public sealed class BulkFunctions(IBulkIngestion ingestion, IBulkQueue queue, ILogger<BulkFunctions> logger)
{
    private const string GzipEncoding = "gzip";
    private const string JobIdParameter = "{id}";
    private const string JobRoute = "jobs/" + JobIdParameter;

    /// <summary>The job's status path, also the 202's <c>Location</c>: the route of <see cref="GetJobAsync"/> under the route prefix.</summary>
    public static string StatusUrl(string jobId) => $"/{HostJson.DefaultRoutePrefix}/{JobRoute.Replace(JobIdParameter, jobId, StringComparison.Ordinal)}";

    [Function("StartBulkJob")]
    [ApiOperation("Upload NDJSON documents (plain or gzip); written in the background, progress at statusUrl", Response = typeof(BulkJobAccepted), SuccessStatus = 202)]
    public Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "collections/{name}/bulk")] HttpRequest request,
        string name,
        CancellationToken cancellationToken)
        => Problems.HandleAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            CollectionName.Validate(name);

            // The body is streamed to storage, so it may exceed the server's limit for JSON bodies; the server still
            // refuses one beyond the bulk limit (413), by Content-Length before reading or while streaming.
            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = ApiLimits.MaxBulkBodyBytes;
            }

            var options = new BulkJobOptions(IsGzip(request) ? BulkCompression.Gzip : BulkCompression.Auto);
            var started = await ingestion.StartJobAsync(name, request.Body, options, cancellationToken);
            await queue.EnqueueAsync(started.Chunks, cancellationToken);
            var statusUrl = StatusUrl(started.JobId);
            return new AcceptedResult(statusUrl, new BulkJobAccepted(started.JobId, statusUrl, started.Documents, started.Chunks.Count));
        }, logger);

    [Function("GetBulkJob")]
    [ApiOperation("Progress of a bulk job", Response = typeof(BulkJobStatus))]
    public Task<IActionResult> GetJobAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = JobRoute)] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
        => Problems.HandleAsync(async () =>
        {
            JobLayout.ValidateJobId(id);
            var status = await ingestion.GetJobAsync(id, cancellationToken);

            // BulkJson.Options is the one home of the job's JSON shape (state names included).
            return new ContentResult
            {
                Content = JsonSerializer.Serialize(status, BulkJson.Options),
                ContentType = "application/json; charset=utf-8",
                StatusCode = StatusCodes.Status200OK,
            };
        }, logger);

    private static bool IsGzip(HttpRequest request) =>
        request.Headers.ContentEncoding.Any(value => string.Equals(value?.Trim(), GzipEncoding, StringComparison.OrdinalIgnoreCase));
}
