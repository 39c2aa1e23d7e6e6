using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Vectron.Infra.Tests.Infrastructure;

/// <summary>
/// A private copy of infra/ in a temporary folder: the CLI writes compiled templates and snapshots next to its
/// inputs, and the work tree must stay clean. Parameter files written here for a case point at the copied main.bicep.
/// </summary>
internal sealed class InfraWorkspace : IDisposable
{
    // Fixed, obviously fake deployment context: snapshots need one, and names derived from it stay stable.
    public const string SubscriptionId = "00000000-0000-0000-0000-00000000a001";
    public const string TenantId = "00000000-0000-0000-0000-00000000a002";
    public const string Location = "westeurope";

    private int parameterFiles;

    public InfraWorkspace()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"vectron-infra-{Guid.NewGuid():N}");
        CopyDirectory(RepositoryPaths.Infra, Directory);
    }

    public string Directory { get; }

    /// <summary>Every .bicep file of infra/, relative to it.</summary>
    public IReadOnlyList<string> BicepFiles =>
        [.. System.IO.Directory.EnumerateFiles(Directory, "*.bicep", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Directory, f)).Order(StringComparer.Ordinal)];

    /// <summary>Compiles every .bicep file in place (main.json next to main.bicep, and so on).</summary>
    public Task<BicepResult> BuildAllAsync(CancellationToken cancellationToken = default) =>
        BicepCli.RunAsync(Directory, ["build", "--pattern", "**/*.bicep"], cancellationToken: cancellationToken);

    /// <summary>Runs the linter over every .bicep file.</summary>
    public Task<BicepResult> LintAllAsync(CancellationToken cancellationToken = default) =>
        BicepCli.RunAsync(Directory, ["lint", "--pattern", "**/*.bicep"], cancellationToken: cancellationToken);

    /// <summary>The compiled ARM template of a .bicep file; <see cref="BuildAllAsync"/> must have run.</summary>
    public JsonObject CompiledTemplate(string bicepFile) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, Path.ChangeExtension(bicepFile, ".json"))))!.AsObject();

    /// <summary>
    /// Predicts the deployment of main.bicep with the committed main.bicepparam, which reads its values from the
    /// environment the way azd provides them.
    /// </summary>
    public Task<DeploymentSnapshot> SnapshotMainParametersAsync(
        IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken = default) =>
        SnapshotAsync("main.bicepparam", environment, cancellationToken);

    /// <summary>Predicts the deployment of main.bicep for an environment, in <see cref="Location"/>, with explicit values.</summary>
    public async Task<DeploymentSnapshot> SnapshotAsync(
        string environmentName, IReadOnlyDictionary<string, object>? parameters = null, CancellationToken cancellationToken = default)
    {
        var file = $"case-{Interlocked.Increment(ref parameterFiles)}.bicepparam";
        var text = new StringBuilder("using 'main.bicep'\n");
        var all = new Dictionary<string, object>(parameters ?? new Dictionary<string, object>())
        {
            ["environmentName"] = environmentName,
            ["location"] = Location,
        };
        foreach (var (name, value) in all)
        {
            text.Append(CultureInfo.InvariantCulture, $"param {name} = {BicepLiteral(value)}\n");
        }

        await File.WriteAllTextAsync(Path.Combine(Directory, file), text.ToString(), cancellationToken);
        return await SnapshotAsync(file, new Dictionary<string, string>(), cancellationToken);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless; never fail a test run over it.
        }
    }

    private async Task<DeploymentSnapshot> SnapshotAsync(
        string parameterFile, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var result = await BicepCli.RunAsync(
            Directory,
            ["snapshot", parameterFile, "--mode", "overwrite", "--subscription-id", SubscriptionId, "--tenant-id", TenantId,
                "--location", Location],
            environment,
            cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new BicepFailedException(result);
        }

        var snapshotFile = Path.Combine(Directory, Path.ChangeExtension(parameterFile, ".snapshot.json"));
        return new DeploymentSnapshot(JsonNode.Parse(await File.ReadAllTextAsync(snapshotFile, cancellationToken))!.AsObject());
    }

    private static string BicepLiteral(object value) => value switch
    {
        string s => $"'{s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"No Bicep literal for {value.GetType()}.", nameof(value)),
    };

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

/// <summary>A Bicep CLI run that failed, with everything it printed.</summary>
internal sealed class BicepFailedException(BicepResult result) : Exception($"bicep failed: {result}")
{
    public BicepResult Result { get; } = result;
}
