using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Vectron.Functions.Health;
using Vectron.Functions.LocalHost;

namespace Vectron.Functions.Tests.LocalHost;

/// <summary>The functions.metadata the build wrote is what the Functions host and the local host both route by.</summary>
public sealed class FunctionsMetadataFileTests
{
    [Fact]
    public async Task ReadAsync_BuildOutput_ListsEveryFunctionWithItsTrigger()
    {
        var declared = typeof(HealthFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(x => x.Function is not null)
            .ToArray();

        var metadata = await FunctionMetadata.ReadAsync(AppContext.BaseDirectory);

        Assert.NotEmpty(declared);
        Assert.Equal(declared.Select(d => d.Function!.Name).Order(), metadata.Select(f => f.Name).Order());
        foreach (var (method, function) in declared)
        {
            var entry = Assert.Single(metadata, f => f.Name == function!.Name);
            Assert.Equal($"{method.DeclaringType!.FullName}.{method.Name}", entry.EntryPoint);
            Assert.Equal("Vectron.Functions.dll", entry.ScriptFile);
            var binding = entry.Trigger;
            Assert.NotNull(binding);
            var parameters = method.GetParameters();
            if (parameters.Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(a => a is not null) is { } http)
            {
                Assert.True(binding.IsHttpTrigger);
                Assert.Equal(http.Route, binding.Route);
                Assert.Equal(http.AuthLevel.ToString(), binding.AuthLevel);
                Assert.Equal(http.Methods!.Order(), binding.Methods!.Order());
            }
            else if (parameters.Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()).SingleOrDefault(a => a is not null) is { } queue)
            {
                Assert.True(binding.IsQueueTrigger);
                Assert.Equal(queue.QueueName, binding.QueueName);
                Assert.Equal(queue.Connection, binding.Connection);
            }
            else
            {
                var timer = parameters.Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).Single(a => a is not null)!;
                Assert.True(binding.IsTimerTrigger);
                Assert.Equal(timer.Schedule, binding.Schedule);
            }
        }
    }

    [Fact]
    public async Task ReadAsync_BuildOutput_HasTheDesignedRoutes()
    {
        var metadata = await FunctionMetadata.ReadAsync(AppContext.BaseDirectory);

        var routes = metadata.Where(f => f.Trigger!.IsHttpTrigger).Select(f => (f.Name, f.Trigger!.Route, string.Join(',', f.Trigger.Methods!), f.Trigger.AuthLevel)).ToArray();
        Assert.Contains(("Health", "health", "get", "Anonymous"), routes);
        Assert.Contains(("Embed", "embed", "post", "Function"), routes);
        Assert.Contains(("CreateCollection", "collections/{name}", "put", "Function"), routes);
        Assert.Contains(("ListCollections", "collections", "get", "Function"), routes);
        Assert.Contains(("GetCollection", "collections/{name}", "get", "Function"), routes);
        Assert.Contains(("DeleteCollection", "collections/{name}", "delete", "Function"), routes);
        Assert.Contains(("UpsertDocuments", "collections/{name}/documents", "post", "Function"), routes);
        Assert.Contains(("GetDocument", "collections/{name}/documents/{id}", "get", "Function"), routes);
        Assert.Contains(("DeleteDocument", "collections/{name}/documents/{id}", "delete", "Function"), routes);
        Assert.Contains(("StartBulkJob", "collections/{name}/bulk", "post", "Function"), routes);
        Assert.Contains(("GetBulkJob", "jobs/{id}", "get", "Function"), routes);
    }

    [Fact]
    public async Task ReadAsync_MissingFile_ExplainsHowToGetIt()
    {
        var directory = Directory.CreateTempSubdirectory("vectron-no-metadata").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<FileNotFoundException>(() => FunctionMetadata.ReadAsync(directory));

            Assert.Contains("Build Vectron.Functions", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public async Task HostJsonReadAsync_BuildOutput_UsesApiPrefix()
    {
        var host = await HostJson.ReadAsync(AppContext.BaseDirectory);

        Assert.Equal("api", host.RoutePrefix);
    }
}
