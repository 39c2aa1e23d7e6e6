using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Vectron.Functions.Health;
using Vectron.Functions.LocalHost;

namespace Vectron.Functions.Tests.LocalHost;

/// <summary>The functions.metadata the build wrote is what the Functions host and the local host both route by.</summary>
public sealed class FunctionsMetadataFileTests
{
    [Fact]
    public async Task ReadAsync_BuildOutput_ListsEveryFunctionWithItsHttpTrigger()
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
            var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!;
            var binding = entry.Trigger;
            Assert.NotNull(binding);
            Assert.True(binding.IsHttpTrigger);
            Assert.Equal(trigger.Route, binding.Route);
            Assert.Equal(trigger.AuthLevel.ToString(), binding.AuthLevel);
            Assert.Equal(trigger.Methods!.Order(), binding.Methods!.Order());
        }
    }

    [Fact]
    public async Task ReadAsync_BuildOutput_HasTheDesignedRoutes()
    {
        var metadata = await FunctionMetadata.ReadAsync(AppContext.BaseDirectory);

        var routes = metadata.Select(f => (f.Name, f.Trigger!.Route, string.Join(',', f.Trigger.Methods!), f.Trigger.AuthLevel)).ToArray();
        Assert.Contains(("Health", "health", "get", "Anonymous"), routes);
        Assert.Contains(("Embed", "embed", "post", "Function"), routes);
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
