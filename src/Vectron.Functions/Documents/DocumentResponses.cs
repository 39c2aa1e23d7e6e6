using System.Text.Json;
using Vectron.Functions.Http;
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
        return new DocumentResponse(document.Id, MetadataElement.Parse(document.MetadataJson), document.Text, document.Vector.ToArray());
    }
}
