using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Vectron.Functions.Http;
using Vectron.Functions.LocalHost;

namespace Vectron.Functions.OpenApi;

/// <summary>Serves the OpenAPI document, built once per process from the functions.metadata next to the app.</summary>
public sealed class OpenApiFunctions
{
    private static readonly Lazy<Task<string>> Document = new(BuildAsync);

    [Function("OpenApi")]
    [ApiOperation("This OpenAPI document")]
    public static async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "openapi.json")] HttpRequest request)
        => new ContentResult { Content = await Document.Value, ContentType = "application/json", StatusCode = StatusCodes.Status200OK };

    private static async Task<string> BuildAsync()
    {
        var functions = await FunctionMetadata.ReadAsync(AppContext.BaseDirectory);
        var host = await HostJson.ReadAsync(AppContext.BaseDirectory);
        return OpenApiDocument.Build(functions, host.RoutePrefix).ToJsonString();
    }
}
