using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Vectron.Functions.Http;
using Vectron.Functions.LocalHost;

namespace Vectron.Functions.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.1 document of the API from functions.metadata (routes, methods, auth levels: the file both
/// hosts route by) and each function's <see cref="ApiOperationAttribute"/> (summary, body types). Schemas are
/// exported from the request and response types with the serializer settings the API uses.
/// </summary>
public static class OpenApiDocument
{
    public const string FunctionKeyScheme = "functionKey";

    // Schema export needs an explicit resolver; the settings are otherwise those of request and response bodies.
    private static readonly JsonSerializerOptions RequestOptions = new(JsonRequest.SerializerOptions) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
    private static readonly JsonSerializerOptions ResponseOptions = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public static JsonObject Build(IEnumerable<FunctionMetadata> functions, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var paths = new JsonObject();
        foreach (var function in functions.Where(f => f.Trigger is { IsHttpTrigger: true }).OrderBy(f => f.Trigger!.Route, StringComparer.Ordinal))
        {
            var trigger = function.Trigger!;
            var path = "/" + string.Join('/', new[] { routePrefix, (trigger.Route ?? function.Name).Trim('/') }.Where(s => s.Length > 0));
            var template = StripConstraints(path);
            if (paths[template] is not JsonObject item)
            {
                item = [];
                paths[template] = item;
            }

            var operation = Operation(function, FunctionMethod.Resolve(function).GetCustomAttribute<ApiOperationAttribute>(), template);
            foreach (var method in trigger.Methods ?? ["get", "post", "put", "delete", "patch"])
            {
                item[method.ToLowerInvariant()] = operation.DeepClone();
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Vectron",
                ["version"] = typeof(OpenApiDocument).Assembly.GetName().Version?.ToString() ?? "1.0.0",
                ["description"] = "Serverless vector database: collections, documents, queries and embeddings. Errors are RFC 7807 problem details.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    [FunctionKeyScheme] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "x-functions-key" },
                },
                ["schemas"] = new JsonObject { ["Problem"] = ProblemSchema() },
            },
        };
    }

    private static JsonObject Operation(FunctionMetadata function, ApiOperationAttribute? description, string template)
    {
        var operation = new JsonObject { ["operationId"] = function.Name, ["summary"] = description?.Summary ?? function.Name };
        var parameters = new JsonArray();
        foreach (var name in PathParameters(template))
        {
            parameters.Add(new JsonObject { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        if (description?.Request is { } request)
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = RequestOptions.GetJsonSchemaAsNode(request) } },
            };
        }

        var success = new JsonObject { ["description"] = "Success" };
        if (description?.Response is { } response)
        {
            success["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = ResponseOptions.GetJsonSchemaAsNode(response) } };
        }

        var problem = new JsonObject { ["$ref"] = "#/components/schemas/Problem" };
        operation["responses"] = new JsonObject
        {
            [(description?.SuccessStatus ?? 200).ToString(System.Globalization.CultureInfo.InvariantCulture)] = success,
            ["4XX"] = new JsonObject
            {
                ["description"] = "Invalid request (400, errors name the field), unknown collection or document (404), conflicting create (409)",
                ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = problem.DeepClone() } },
            },
            ["503"] = new JsonObject
            {
                ["description"] = "Storage throttled or unavailable; retry after the Retry-After header's seconds",
                ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = problem } },
            },
        };
        operation["security"] = function.Trigger!.AuthLevel is { } level && level.Equals("Anonymous", StringComparison.OrdinalIgnoreCase)
            ? new JsonArray()
            : new JsonArray(new JsonObject { [FunctionKeyScheme] = new JsonArray() });
        return operation;
    }

    // "{id:int}" becomes "{id}"; OpenAPI has no route constraints.
    private static string StripConstraints(string path) => string.Join('/', path.Split('/').Select(segment =>
        segment.StartsWith('{') && segment.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? segment[..colon] + "}" : segment));

    private static IEnumerable<string> PathParameters(string template)
        => template.Split('/').Where(s => s.StartsWith('{') && s.EndsWith('}')).Select(s => s.Trim('{', '}', '*'));

    private static JsonObject ProblemSchema() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string" },
            ["title"] = new JsonObject { ["type"] = "string" },
            ["status"] = new JsonObject { ["type"] = "integer" },
            ["detail"] = new JsonObject { ["type"] = "string" },
            ["errors"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "For 400: the offending field (a JSON path such as documents[3].vector) and its messages",
                ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
            },
        },
    };
}
