using System.Diagnostics;

namespace Vectron.Functions.Tests.Security;

/// <summary>No secrets in the repository: every git-tracked text file is scanned; the scanner itself is tested on samples.</summary>
public sealed class SecretScanTests
{
    [Fact]
    public async Task TrackedFiles_ContainNoSecrets()
    {
        var files = await TrackedFilesAsync();
        var findings = new List<SecretFinding>();
        var scanned = 0;
        foreach (var file in files)
        {
            var path = Path.Combine(RepositoryPaths.Root, file);
            if (!File.Exists(path) || new FileInfo(path).Length > 4 * 1024 * 1024)
            {
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(path);
            if (bytes.AsSpan(0, Math.Min(bytes.Length, 8000)).Contains((byte)0))
            {
                continue;
            }

            scanned++;
            findings.AddRange(SecretScanner.Scan(file, System.Text.Encoding.UTF8.GetString(bytes)));
        }

        Assert.True(scanned > 100, $"only {scanned} of {files.Count} tracked files were scanned");
        Assert.True(findings.Count == 0, "possible secrets:\n" + string.Join('\n', findings));
    }

    // Samples are assembled at run time, so this file holds no secret-shaped literal for the scan above to find.
    public static TheoryData<string, string> Secrets()
    {
        var random = new Random(7);
        string Base64(int bytes)
        {
            var buffer = new byte[bytes];
            random.NextBytes(buffer);
            return Convert.ToBase64String(buffer);
        }

        var guid = new Guid(Enumerable.Range(1, 16).Select(i => (byte)(i * 37)).ToArray());
        return new()
        {
            { "DefaultEndpointsProtocol=https;AccountName=prod;Account" + "Key=" + Base64(64) + ";EndpointSuffix=core.windows.net", "storage account key in a connection string" },
            { "key: " + Base64(64), "storage account key" },
            { "https://prod.blob.core.windows.net/c/b?sv=2024-08-04&sr=b&" + "sig=" + Uri.EscapeDataString(Base64(32)), "SAS signature" },
            { "-----BEGIN " + "RSA PRIVATE KEY-----", "private key" },
            { "-----BEGIN " + "PRIVATE KEY-----", "private key" },
            { "Instrumentation" + "Key=" + guid + ";IngestionEndpoint=https://x.in.applicationinsights.azure.com/", "Application Insights instrumentation key" },
            { "token = \"gh" + "p_" + new string('a', 18) + "B7c9D2e4F6g8H0j1K3m5" + "\"", "GitHub token" },
            { "\"clientSecret\": \"" + Base64(30) + "\"", "high-entropy value assigned to a secret-like name" },
            { "Vectron__ApiKey=" + Base64(24).Replace('/', '_'), "high-entropy value assigned to a secret-like name" },
            { "db_password = '" + Base64(18) + "'", "high-entropy value assigned to a secret-like name" },
        };
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public void Scan_SecretShapedText_IsFound(string line, string rule)
    {
        var findings = SecretScanner.Scan("sample.txt", "first line\n" + line + "\nlast line").ToList();

        Assert.Contains(findings, f => f.Rule == rule && f.Line == 2);
        Assert.All(findings, f => Assert.Contains("****", f.Masked, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("AccountName=devstoreaccount1;AccountKey=" + SecretScanner.AzuriteAccountKey + ";BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1")]
    [InlineData("InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/")]
    [InlineData("return `AccountKey=${devKey};`")]
    [InlineData("\"Vectron__ApiKey\": \"\"")]
    [InlineData("public const string HeaderName = \"x-functions-key\";")]
    [InlineData("var tokenCount = embedding.AdditionalProperties[TokenCountKey];")]
    [InlineData("\"integrity\": \"sha512-rL0lKGnS9xT7wZ8d0vcn3bJhQzPjKpYe1DUXt2wXlgfbmKkKqAy0IpcHGm5GcF1e5VPtzA5hTOVWlg9GYyoqXK==\"")]
    [InlineData("az functionapp keys list -g \"$RG\"  # host keys: functionKeys.default, masterKey")]
    [InlineData("tokenizerSha256: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("\"integrity\": \"sha512-\", \"keyId\": \"3f2c9a1e-6b7d-4e8f-9a0b-1c2d3e4f5a6b\"")]
    public void Scan_KnownHarmlessText_IsNotFound(string line)
    {
        Assert.Empty(SecretScanner.Scan("sample.txt", line));
    }

    private static async Task<IReadOnlyList<string>> TrackedFilesAsync()
    {
        var start = new ProcessStartInfo("git", "ls-files -z")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var git = Process.Start(start) ?? throw new InvalidOperationException("git could not be started");
        var output = await git.StandardOutput.ReadToEndAsync();
        await git.WaitForExitAsync();
        Assert.True(git.ExitCode == 0, $"git ls-files failed in {RepositoryPaths.Root}: the secret scan needs a git checkout");
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }
}
