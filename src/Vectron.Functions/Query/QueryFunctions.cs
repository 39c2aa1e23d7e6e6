using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Vectron.Functions.Embed;
using Vectron.Functions.Http;
using Vectron.Index.Collections;
using Vectron.Index.Query;

namespace Vectron.Functions.Query;

/// <summary>Nearest-neighbour queries by text (embedded here) or by vector.</summary>
public sealed class QueryFunctions(
    IVectronQueryService queries,
    IVectronCollections collections,
    IEmbeddingGenerator<string, Embedding<float>> generator,
    ILogger<QueryFunctions> logger)
{
    [Function("Query")]
    [ApiOperation("Query a collection by text or vector: top-k by cosine similarity, with filter, include, consistency and mode", Request = typeof(QueryRequest), Response = typeof(QueryResponse))]
    public Task<IActionResult> QueryAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "collections/{name}/query")] HttpRequest request,
        string name,
        CancellationToken cancellationToken)
        => Problems.HandleAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            CollectionName.Validate(name);
            var body = await JsonRequest.ReadAsync<QueryRequest>(request, cancellationToken);
            body.Validate();
            var query = new VectorQuery
            {
                Vector = body.Vector ?? ReadOnlyMemory<float>.Empty,
                TopK = body.TopK ?? QueryRequest.DefaultTopK,
                Filter = body.ParsedFilter(),
                Include = body.ParsedInclude(),
                Consistency = body.ParsedConsistency(),
                Mode = body.ParsedMode(),
                Oversample = body.Oversample,
            };

            var embedTime = TimeSpan.Zero;
            if (body.Text is { } text)
            {
                // The collection's model is read while the text is embedded, so the check costs no extra wait.
                var collection = collections.GetAsync(name, cancellationToken);
                var embedding = EmbedAsync(text, cancellationToken);
                await Task.WhenAll(collection, embedding);
                ServerModel.Of(generator).EnsureCanEmbedFor(collection.Result, "text");
                (var vector, embedTime) = embedding.Result;
                query = query with { Vector = vector };
            }

            var result = await queries.QueryAsync(name, query, cancellationToken);
            request.HttpContext.Response.Headers[ServerTiming.HeaderName] = ServerTiming.Format(embedTime, result.Timings);
            return new OkObjectResult(QueryResponse.From(result));
        }, logger);

    private async Task<(ReadOnlyMemory<float> Vector, TimeSpan Elapsed)> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var embeddings = await generator.GenerateAsync([text], cancellationToken: cancellationToken);
        return (embeddings[0].Vector, Stopwatch.GetElapsedTime(started));
    }
}
