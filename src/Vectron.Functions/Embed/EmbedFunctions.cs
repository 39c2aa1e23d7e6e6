using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Vectron.Functions.Http;

namespace Vectron.Functions.Embed;

/// <summary>Embeddings for clients that want vectors only, computed by the same model the collections use.</summary>
public sealed class EmbedFunctions(IEmbeddingGenerator<string, Embedding<float>> generator, ILogger<EmbedFunctions> logger)
{
    [Function("Embed")]
    public Task<IActionResult> EmbedAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "embed")] HttpRequest request,
        CancellationToken cancellationToken)
        => Problems.HandleAsync(async () =>
        {
            var body = await JsonRequest.ReadAsync<EmbedRequest>(request, cancellationToken);
            var embeddings = await generator.GenerateAsync(body.ValidatedTexts(), cancellationToken: cancellationToken);
            return new OkObjectResult(EmbedResponse.From(embeddings, generator.GetService<EmbeddingGeneratorMetadata>()));
        }, logger);
}
