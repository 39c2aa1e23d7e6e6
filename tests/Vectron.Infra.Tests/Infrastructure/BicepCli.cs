using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Vectron.Infra.Tests.Infrastructure;

/// <summary>Runs the Bicep CLI restored from NuGet. Nothing it does needs the network: the templates use local modules.</summary>
internal static partial class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs <c>bicep</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static async Task<BicepResult> RunAsync(
        string workingDirectory,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        EnsureExecutable();
        var startInfo = new ProcessStartInfo(RepositoryPaths.BicepExecutable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // main.bicepparam reads AZURE_* and VECTRON_* variables: a run sees only those the test passes, never ones
        // left in the developer's shell by azd.
        foreach (var name in startInfo.Environment.Keys.Where(IsParameterVariable).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("bicep did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new BicepResult(process.ExitCode, await stdout, await stderr);
    }

    private static bool IsParameterVariable(string name) =>
        name.StartsWith("AZURE_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VECTRON_", StringComparison.OrdinalIgnoreCase);

    // NuGet extraction does not always keep the executable bit.
    private static void EnsureExecutable()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(RepositoryPaths.BicepExecutable);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(RepositoryPaths.BicepExecutable, mode | UnixFileMode.UserExecute);
        }
    }

    [GeneratedRegex(@"^.*\(\d+,\d+\) : (Error|Warning|Info) .*$", RegexOptions.Multiline)]
    internal static partial Regex DiagnosticLine();
}

/// <summary>What one CLI run printed, with every compiler or linter diagnostic picked out.</summary>
internal sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    public IReadOnlyList<string> Diagnostics { get; } =
        [.. BicepCli.DiagnosticLine().Matches(StandardOutput + "\n" + StandardError).Select(m => m.Value.Trim())];

    public override string ToString() => $"exit {ExitCode}\n{StandardOutput}\n{StandardError}";
}
