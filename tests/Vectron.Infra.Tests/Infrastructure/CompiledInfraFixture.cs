using System.Text.Json.Nodes;

namespace Vectron.Infra.Tests.Infrastructure;

/// <summary>
/// Compiles and lints infra/ once for all test classes of the collection, and predicts the deployment azd would
/// make from main.bicepparam with a typical environment.
/// </summary>
public sealed class CompiledInfraFixture : IAsyncLifetime
{
    /// <summary>The environment azd would hand main.bicepparam, with every Vectron choice set away from its default.</summary>
    internal static readonly IReadOnlyDictionary<string, string> AzdEnvironment = new Dictionary<string, string>
    {
        ["AZURE_ENV_NAME"] = "vectron-test",
        ["AZURE_LOCATION"] = InfraWorkspace.Location,
        ["AZURE_PRINCIPAL_ID"] = "00000000-0000-0000-0000-00000000b001",
        ["AZURE_PRINCIPAL_TYPE"] = "ServicePrincipal",
        ["VECTRON_CACHE_MEGABYTES"] = "1536",
        ["VECTRON_ALWAYS_READY_INSTANCES"] = "2",
        ["VECTRON_MAXIMUM_INSTANCE_COUNT"] = "60",
    };

    internal InfraWorkspace Workspace { get; } = new();

    internal BicepResult Build { get; private set; } = null!;

    internal BicepResult Lint { get; private set; } = null!;

    internal JsonObject MainTemplate { get; private set; } = null!;

    internal DeploymentSnapshot Snapshot { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var build = Workspace.BuildAllAsync();
        var lint = Workspace.LintAllAsync();
        var snapshot = Workspace.SnapshotMainParametersAsync(AzdEnvironment);
        Build = await build;
        Lint = await lint;
        Snapshot = await snapshot;
        if (Build.ExitCode == 0)
        {
            MainTemplate = Workspace.CompiledTemplate("main.bicep");
        }
    }

    public Task DisposeAsync()
    {
        Workspace.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class CompiledInfraTests : ICollectionFixture<CompiledInfraFixture>
{
    public const string Name = "Compiled infra";
}
