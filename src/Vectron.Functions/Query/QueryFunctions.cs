using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Vectron.Functions.Http;
using Vectron.Index.Collections;
using Vectron.Index.Query;

namespace Vectron.Functions.Query;

/// <summary>Nearest-neighbour queries by text (embedded by the query service) or by vector.</summary>
public sealed class QueryFunctions(IVectronQueryService queries, ILogger<QueryFunctions> logger)
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
                Text = body.Text,
                TopK = body.TopK ?? QueryRequest.DefaultTopK,
                Filter = body.ParsedFilter(),
                Include = body.ParsedInclude(),
                Consistency = body.ParsedConsistency(),
                Mode = body.ParsedMode(),
                Oversample = body.Oversample,
            };

            var result = await queries.QueryAsync(name, query, cancellationToken);
            request.HttpContext.Response.Headers[ServerTiming.HeaderName] = ServerTiming.Format(result.Timings);
            return new OkObjectResult(QueryResponse.From(result));
        }, logger);
}
