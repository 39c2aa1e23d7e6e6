using System.Text.Json;

namespace Vectron.Functions.LocalHost;

/// <summary>
/// The <c>Values</c> of <c>local.settings.json</c>, the file Core Tools read, so one local file configures both the
/// Functions host and the local host. Like Core Tools, environment variables win over it.
/// </summary>
public static class LocalSettingsFile
{
    public const string FileName = "local.settings.json";

    /// <summary>Settings as configuration keys (<c>Vectron__Storage__clientId</c> becomes <c>Vectron:Storage:clientId</c>); none when the file is absent.</summary>
    public static IReadOnlyDictionary<string, string?> ReadValues(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return values;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (document.RootElement.TryGetProperty("Values", out var section))
        {
            foreach (var setting in section.EnumerateObject())
            {
                values[setting.Name.Replace("__", ":", StringComparison.Ordinal)] = setting.Value.ValueKind == JsonValueKind.String ? setting.Value.GetString() : setting.Value.GetRawText();
            }
        }

        return values;
    }
}
