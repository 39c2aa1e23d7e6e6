using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vectron.Functions.LocalHost;
using Vectron.Functions.Tests.LocalHost;

namespace Vectron.Functions.Tests.Api;

/// <summary>Runs the curl examples of docs/api.md, in document order, with the real curl against the local host.</summary>
[Collection(LocalHostTestGroup.Name)]
public sealed partial class CurlExamplesTests(LocalHostFixture host)
{
    [Fact]
    public async Task DocsApiMd_CurlExamples_AllAnswer2xxWithJson()
    {
        var markdown = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "docs", "api.md"));
        var examples = ShellBlock().Matches(markdown).Select(m => m.Groups["code"].Value.Trim()).Where(code => code.StartsWith("curl ", StringComparison.Ordinal)).ToArray();
        Assert.True(examples.Length >= 8, $"found {examples.Length} curl examples");
        var baseUrl = host.Client.BaseAddress!.ToString().TrimEnd('/');

        foreach (var example in examples)
        {
            // Status on a last line of its own; the body must be JSON (or empty for 204).
            var command = "curl -sS -w '\\n%{http_code}' " + example["curl ".Length..].Replace(LocalFunctionsHost.DefaultUrl, baseUrl, StringComparison.Ordinal);
            var (exitCode, output, error) = await RunAsync(command);

            Assert.True(exitCode == 0, $"{example}\nexit {exitCode}: {error}");
            var split = output.LastIndexOf('\n');
            var status = int.Parse(output[(split + 1)..], CultureInfo.InvariantCulture);
            var body = output[..Math.Max(split, 0)];
            if (example.Contains(" -i ", StringComparison.Ordinal))
            {
                // With -i the headers come first; the example shows them (Server-Timing), so they must be there.
                var headersEnd = body.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                Assert.True(headersEnd > 0, example);
                Assert.Contains("Server-Timing:", body[..headersEnd], StringComparison.OrdinalIgnoreCase);
                body = body[(headersEnd + 4)..];
            }

            Assert.True(status is >= 200 and < 300, $"{example}\n→ {status} {body}");
            if (status != 204)
            {
                using var _ = JsonDocument.Parse(body);
            }
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex(@"^```sh\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
