using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Vectron.Functions.Embed;
using Vectron.Functions.Http;
using Vectron.Index.Collections;
using Vectron.Index.Embedding;

namespace Vectron.Functions.Collections;

/// <summary>Create, list, read and drop collections.</summary>
public sealed class CollectionFunctions(
    IVectronCollections collections,
    IEmbeddingGenerator<string, Embedding<float>> generator,
    ILogger<CollectionFunctions> logger)
{
    [Function("CreateCollection")]
    [ApiOperation("Create a collection (idempotent for the same settings, 409 otherwise)", Request = typeof(CreateCollectionRequest), Response = typeof(CollectionResponse))]
    public Task<IActionResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "collections/{name}")] HttpRequest request,
        string name,
        CancellationToken cancellationToken)
        => Problems.HandleAsync(async () =>
        {
            CollectionName.Validate(name);
            var body = await JsonRequest.ReadAsync<CreateCollectionRequest>(request, cancellationToken);
            var created = await collections.CreateAsync(name, body.ToSettings(EmbeddingModel.Of(generator)), cancellationToken);
            return new OkObjectResult(CollectionResponse.From(created));
        }, logger);

    [Function("ListCollections")]
    [ApiOperation("List collections", Response = typeof(CollectionListResponse))]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "collections")] HttpRequest request,
        CancellationToken cancellationToken)
        => Problems.HandleAsync(async () =>
        {
            var all = await collections.ListAsync(cancellationToken);
            return new OkObjectResult(new CollectionListResponse(all.Select(CollectionResponse.From).ToArray()));
        }, logger);

    [Function("GetCollection")]
    [ApiOperation("A collection's settings and size", Response = typeof(CollectionStatsResponse))]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "collections/{name}")] HttpRequest request,
        string name,
        CancellationToken cancellationToken)
        => Problems.HandleAsync(async () =>
        {
            var info = await collections.GetAsync(name, cancellationToken);
            var stats = await collections.GetStatsAsync(name, cancellationToken);
            return new OkObjectResult(CollectionStatsResponse.From(info, stats));
        }, logger);

    [Function("DeleteCollection")]
    [ApiOperation("Drop a collection and all of its documents", SuccessStatus = 204)]
    public Task<IActionResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "collections/{name}")] HttpRequest request,
        string name,
        CancellationToken cancellationToken)
        => Problems.HandleAsync(async () => await collections.DeleteAsync(name, cancellationToken)
            ? new NoContentResult()
            : throw new CollectionNotFoundException(name), logger);
}
