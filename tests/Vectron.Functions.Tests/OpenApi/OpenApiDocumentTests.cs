using System.Net;
using System.Reflection;
using System.Text.Json;
using Vectron.Functions.Http;
using Vectron.Functions.LocalHost;
using Vectron.Functions.OpenApi;
using Vectron.Functions.Tests.LocalHost;

namespace Vectron.Functions.Tests.OpenApi;

[Collection(LocalHostTestGroup.Name)]
public sealed class OpenApiDocumentTests(LocalHostFixture host)
{
    [Fact]
    public async Task Build_BuiltMetadata_HasEveryHttpFunctionAtItsRouteMethodsAndAuth()
    {
        var functions = await FunctionMetadata.ReadAsync(AppContext.BaseDirectory);
        var http = functions.Where(f => f.Trigger!.IsHttpTrigger).ToArray();

        var document = JsonDocument.Parse(OpenApiDocument.Build(functions, "api").ToJsonString()).RootElement;

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value)))
            .ToArray();
        Assert.Equal(http.Sum(f => f.Trigger!.Methods!.Count), operations.Length);
        foreach (var function in http)
        {
            foreach (var method in function.Trigger!.Methods!)
            {
                var operation = Assert.Single(operations, o => o.Path == "/api/" + function.Trigger.Route && o.Method == method).Operation;
                Assert.Equal(function.Name, operation.GetProperty("operationId").GetString());
                Assert.Equal(function.Trigger.AuthLevel == "Anonymous" ? 0 : 1, operation.GetProperty("security").GetArrayLength());
                var parameters = operation.TryGetProperty("parameters", out var listed) ? listed.EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToArray() : [];
                Assert.Equal(function.Trigger.Route!.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}')), parameters);
            }
        }
    }

    [Fact]
    public void EveryHttpFunction_HasAnApiOperationDescription()
    {
        var undocumented = typeof(OpenApiDocument).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<Microsoft.Azure.Functions.Worker.HttpTriggerAttribute>() is not null))
            .Where(m => m.GetCustomAttribute<ApiOperationAttribute>() is null)
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}");

        Assert.Empty(undocumented);
    }

    [Fact]
    public async Task Build_UpsertOperation_HasRequestSchemaWithDocuments()
    {
        var functions = await FunctionMetadata.ReadAsync(AppContext.BaseDirectory);

        var document = JsonDocument.Parse(OpenApiDocument.Build(functions, "api").ToJsonString()).RootElement;

        var schema = document.GetProperty("paths").GetProperty("/api/collections/{name}/documents").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var item = schema.GetProperty("properties").GetProperty("documents").GetProperty("items");
        Assert.True(item.GetProperty("properties").TryGetProperty("vector", out _));
    }

    [Fact]
    public async Task OpenApiJson_OverHttp_ServesTheDocument()
    {
        using var response = await host.Client.GetAsync(new Uri("/api/openapi.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("3.1.0", body.RootElement.GetProperty("openapi").GetString());
        Assert.True(body.RootElement.GetProperty("paths").TryGetProperty("/api/openapi.json", out _));
    }
}
