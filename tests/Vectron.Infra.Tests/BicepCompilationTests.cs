using Vectron.Infra.Tests.Infrastructure;

namespace Vectron.Infra.Tests;

/// <summary>The gate CI applies to infra/: every file compiles and lints with no diagnostic at any level.</summary>
[Collection(CompiledInfraTests.Name)]
public sealed class BicepCompilationTests(CompiledInfraFixture infra)
{
    [Fact]
    public void Build_EveryBicepFile_CompilesWithoutDiagnostics()
    {
        Assert.True(infra.Build.ExitCode == 0, infra.Build.ToString());
        Assert.Empty(infra.Build.Diagnostics);
        Assert.NotEmpty(infra.Workspace.BicepFiles);
        foreach (var file in infra.Workspace.BicepFiles)
        {
            Assert.True(
                File.Exists(Path.Combine(infra.Workspace.Directory, Path.ChangeExtension(file, ".json"))),
                $"{file} was not compiled.");
        }
    }

    [Fact]
    public void Lint_EveryBicepFile_ReportsNothing()
    {
        Assert.True(infra.Lint.ExitCode == 0, infra.Lint.ToString());
        Assert.Empty(infra.Lint.Diagnostics);
    }

    [Fact]
    public void Snapshot_MainParameters_PredictsWithoutDiagnostics()
    {
        Assert.NotEmpty(infra.Snapshot.Resources);
        Assert.Empty(infra.Snapshot.Diagnostics);
    }

    // The gate is only as good as its detection: a linter finding must fail the build under infra/bicepconfig.json,
    // and be seen by the diagnostic scan even where the CLI still exits 0.
    [Fact]
    public async Task Lint_UnusedParameterUnderInfraConfig_FailsAndIsReported()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"vectron-gate-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        BicepResult lint;
        try
        {
            File.Copy(Path.Combine(RepositoryPaths.Infra, "bicepconfig.json"), Path.Combine(folder, "bicepconfig.json"));
            await File.WriteAllTextAsync(Path.Combine(folder, "unused.bicep"), "param unused string\noutput answer int = 42\n");
            lint = await BicepCli.RunAsync(folder, ["lint", "unused.bicep"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        Assert.NotEqual(0, lint.ExitCode);
        Assert.Contains(lint.Diagnostics, d => d.Contains("no-unused-params", StringComparison.Ordinal));
    }
}
