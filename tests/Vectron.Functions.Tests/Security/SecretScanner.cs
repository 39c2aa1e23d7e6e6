using System.Text.RegularExpressions;

namespace Vectron.Functions.Tests.Security;

/// <summary>One thing that looks like a secret: where, which rule, and the value masked.</summary>
internal sealed record SecretFinding(string Path, int Line, string Rule, string Masked)
{
    public override string ToString() => $"{Path}:{Line}: {Rule} ({Masked})";
}

/// <summary>
/// Finds text that looks like a credential: storage account keys and key-bearing connection strings, SAS signatures,
/// private keys, Application Insights instrumentation keys, well-known token formats, and long high-entropy values
/// assigned to names such as key, secret, password or token. Published development values are allowed by name.
/// </summary>
internal static partial class SecretScanner
{
    /// <summary>
    /// Azurite's (and the old storage emulator's) account key, published by Microsoft in the Azurite README for the
    /// account <c>devstoreaccount1</c>: not a secret, and the tests and docs use it.
    /// </summary>
    public const string AzuriteAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Values that are placeholders by construction.</summary>
    private static readonly string[] AllowedValues = [AzuriteAccountKey, "00000000-0000-0000-0000-000000000000"];

    private static readonly (string Rule, Regex Pattern, bool NeedsEntropy)[] Rules =
    [
        ("storage account key in a connection string", AccountKeyPattern(), false),
        ("storage account key", BareAccountKeyPattern(), false),
        ("SAS signature", SasSignaturePattern(), false),
        ("private key", PrivateKeyPattern(), false),
        ("Application Insights instrumentation key", InstrumentationKeyPattern(), false),
        ("GitHub token", GitHubTokenPattern(), false),
        ("AWS access key id", AwsKeyPattern(), false),
        ("high-entropy value assigned to a secret-like name", AssignedSecretPattern(), true),
    ];

    /// <summary>Bits per character a random-looking value has at least: random base64 of 20+ characters has about 4.</summary>
    public const double MinimumEntropy = 3.5;

    public static IEnumerable<SecretFinding> Scan(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (var (rule, pattern, needsEntropy) in Rules)
            {
                foreach (Match match in pattern.Matches(lines[i]))
                {
                    var value = match.Groups["value"].Success ? match.Groups["value"].Value : match.Value;
                    if (AllowedValues.Contains(value, StringComparer.Ordinal) || (needsEntropy && !LooksRandom(value)))
                    {
                        continue;
                    }

                    yield return new SecretFinding(path, i + 1, rule, Mask(value));
                }
            }
        }
    }

    /// <summary>Shannon entropy in bits per character.</summary>
    public static double Entropy(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.GroupBy(c => c).Select(g => (double)g.Count() / value.Length).Sum(p => -p * Math.Log2(p));
    }

    // Generated secrets mix letters and digits; hex strings (hashes, GUIDs, ids), dotted names and placeholders do not count.
    private static bool LooksRandom(string value) =>
        value.Any(char.IsAsciiDigit) && value.Any(char.IsAsciiLetter) && !HexPattern().IsMatch(value)
        && Entropy(value) >= MinimumEntropy && !IsPlaceholder(value);

    private static bool IsPlaceholder(string value) =>
        value.Contains("${", StringComparison.Ordinal) || value.Contains("$(", StringComparison.Ordinal)
        || value.Contains("{{", StringComparison.Ordinal) || value.Contains('<', StringComparison.Ordinal)
        || value.Contains("...", StringComparison.Ordinal) || value.Contains("xxxx", StringComparison.OrdinalIgnoreCase);

    private static string Mask(string value) => value.Length <= 8 ? "****" : value[..4] + "****" + value[^2..];

    [GeneratedRegex(@"^[0-9a-fA-F-]+$")]
    private static partial Regex HexPattern();

    [GeneratedRegex(@"AccountKey=(?<value>[A-Za-z0-9+/]{20,}={0,2})", RegexOptions.IgnoreCase)]
    private static partial Regex AccountKeyPattern();

    // A storage key is 64 random bytes: 86 base64 characters and "=="; "sha512-" integrity hashes have the same shape.
    [GeneratedRegex(@"(?<![A-Za-z0-9+/]|sha512-)(?<value>[A-Za-z0-9+/]{86}==)")]
    private static partial Regex BareAccountKeyPattern();

    [GeneratedRegex(@"[?&;]sig=(?<value>[A-Za-z0-9%+/=]{16,})", RegexOptions.IgnoreCase)]
    private static partial Regex SasSignaturePattern();

    [GeneratedRegex(@"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----")]
    private static partial Regex PrivateKeyPattern();

    [GeneratedRegex(@"InstrumentationKey=(?<value>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})", RegexOptions.IgnoreCase)]
    private static partial Regex InstrumentationKeyPattern();

    [GeneratedRegex(@"\b(?<value>gh[pousr]_[A-Za-z0-9]{36,})\b")]
    private static partial Regex GitHubTokenPattern();

    [GeneratedRegex(@"\b(?<value>AKIA[0-9A-Z]{16})\b")]
    private static partial Regex AwsKeyPattern();

    // name = "value", name: value, "name": "value", Name__Secret=value (env files), with the value 20+ characters.
    [GeneratedRegex(@"(?i)[\w.-]*(?:key|secret|password|passwd|pwd|token|credential)s?[""']?\s*[:=]\s*[""']?(?<value>[A-Za-z0-9+/_\-=.~]{20,})")]
    private static partial Regex AssignedSecretPattern();
}
