namespace Vectron.Functions.LocalHost;

/// <summary>
/// The local host's optional API key, <c>Vectron:ApiKey</c> (<c>Vectron__ApiKey</c>). When set, every route whose
/// auth level is not anonymous needs it, as Azure needs a function key; unset or empty, no key is checked (as with
/// Core Tools). In Azure the setting is not used: the Functions host checks its own keys.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Vectron";

    /// <summary>Shortest key accepted: a guessable key would be worse than none, because it looks like protection.</summary>
    public const int MinimumLength = 16;

    public string? ApiKey { get; set; }

    /// <summary>True when a key is configured (an empty value means none).</summary>
    public bool IsRequired => !string.IsNullOrEmpty(ApiKey);

    /// <summary>The rule <see cref="IsValid"/> checks, as the start-up error states it.</summary>
    public static string Requirement { get; } =
        $"Vectron:ApiKey must be at least {MinimumLength} characters without white space or control characters (or empty for no key).";

    /// <summary>Checked once at start-up.</summary>
    public bool IsValid => !IsRequired || (ApiKey!.Length >= MinimumLength && !ApiKey.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)));
}
