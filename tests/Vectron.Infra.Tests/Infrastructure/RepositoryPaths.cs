using System.Reflection;

namespace Vectron.Infra.Tests.Infrastructure;

/// <summary>Paths the build stamped into this assembly (see the csproj), so tests need no working-directory guess.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string Infra { get; } = Path.Combine(Root, "infra");

    public static string AzureYaml { get; } = Path.Combine(Root, "azure.yaml");

    /// <summary>The Bicep CLI inside the restored Azure.Bicep.CommandLine package.</summary>
    public static string BicepExecutable { get; } = Path.GetFullPath(Metadata("BicepPath"));

    private static string Metadata(string key) =>
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == key)?.Value is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"Assembly metadata '{key}' is missing; build the test project with dotnet build.");
}
