using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.AI;

namespace Vectron.Functions.Health;

/// <summary>Liveness for load balancers and people: always 200 while the process serves, body says what works.</summary>
public sealed class HealthFunctions(IEmbeddingGenerator<string, Embedding<float>> generator, StorageProbe storage)
{
    [Function("Health")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        var model = new ModelReport(metadata?.DefaultModelId ?? "unknown", metadata?.DefaultModelDimensions ?? 0);
        var reachable = await storage.IsReachableAsync(cancellationToken);
        return new OkObjectResult(HealthReport.Create(model, reachable));
    }
}
