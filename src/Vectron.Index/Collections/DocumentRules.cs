using System.Text;
using System.Text.Json;

namespace Vectron.Index.Collections;

/// <summary>The one home of the document rules (id, metadata, text, batch size). Each throws a
/// <see cref="VectronValidationException"/> naming the field it checked.</summary>
public static class DocumentRules
{
    public static void ValidateId(string? id, string field = "id")
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new VectronValidationException(field, "A document id must not be empty.");
        }

        if (Encoding.UTF8.GetByteCount(id) > DocumentLimits.MaxIdBytes)
        {
            throw new VectronValidationException(field, $"A document id has at most {DocumentLimits.MaxIdBytes} UTF-8 bytes.");
        }

        foreach (char c in id)
        {
            if (char.IsControl(c))
            {
                throw new VectronValidationException(field, "A document id must not contain control characters.");
            }
        }
    }

    /// <summary>Checks that the metadata is one JSON object within the size limit; returns its UTF-8 bytes.</summary>
    public static byte[] ValidateMetadata(string? metadataJson, string field = "metadata")
    {
        byte[] utf8 = Utf8WithinLimit(metadataJson, DocumentLimits.MaxMetadataBytes, field, "Metadata");
        if (utf8.Length == 0)
        {
            return utf8;
        }

        try
        {
            using var document = JsonDocument.Parse(utf8);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new VectronValidationException(field, "Metadata must be a JSON object.");
            }
        }
        catch (JsonException ex)
        {
            throw new VectronValidationException(field, $"Metadata is not valid JSON: {ex.Message}");
        }

        return utf8;
    }

    /// <summary>Checks the text size limit; returns its UTF-8 bytes.</summary>
    public static byte[] ValidateText(string? text, string field = "text") =>
        Utf8WithinLimit(text, DocumentLimits.MaxTextBytes, field, "Text");

    public static void ValidateBatchSize(int count, string field = "documents")
    {
        if (count is < 1 or > DocumentLimits.MaxDocumentsPerBatch)
        {
            throw new VectronValidationException(field, $"A batch holds 1 to {DocumentLimits.MaxDocumentsPerBatch} documents.");
        }
    }

    private static byte[] Utf8WithinLimit(string? value, int maxBytes, string field, string what)
    {
        byte[] utf8 = value is null ? [] : Encoding.UTF8.GetBytes(value);
        if (utf8.Length > maxBytes)
        {
            throw new VectronValidationException(field, $"{what} has at most {maxBytes} UTF-8 bytes.");
        }

        return utf8;
    }
}
