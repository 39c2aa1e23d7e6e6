using System.Text.Json;

namespace Vectron.Functions.Http;

/// <summary>Stored metadata JSON as it is written back to clients: a JSON object, or null when there is none.</summary>
public static class MetadataElement
{
    public static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
