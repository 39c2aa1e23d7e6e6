using System.Text.Json;
using Vectron.Index.Collections;

namespace Vectron.Functions.Documents;

/// <summary>Answer of an upsert: documents written, how many of them the server embedded, the write's timestamp.</summary>
public sealed record UpsertDocumentsResponse(int Upserted, int Embedded, long Timestamp);

/// <summary>A stored document: its normalised vector, metadata object and text.</summary>
public sealed record DocumentResponse(string Id, JsonElement? Metadata, string? Text, float[] Vector)
{
    public static DocumentResponse From(StoredDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        JsonElement? metadata = null;
        if (!string.IsNullOrEmpty(document.MetadataJson))
        {
            using var parsed = JsonDocument.Parse(document.MetadataJson);
            metadata = parsed.RootElement.Clone();
        }

        return new DocumentResponse(document.Id, metadata, document.Text, document.Vector.ToArray());
    }
}
