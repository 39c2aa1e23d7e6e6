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
        if (metadataJson is null)
        {
            return [];
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(metadataJson);
        if (utf8.Length > DocumentLimits.MaxMetadataBytes)
        {
            throw new VectronValidationException(field, $"Metadata has at most {DocumentLimits.MaxMetadataBytes} UTF-8 bytes.");
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
    public static byte[] ValidateText(string? text, string field = "text")
    {
        if (text is null)
        {
            return [];
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        if (utf8.Length > DocumentLimits.MaxTextBytes)
        {
            throw new VectronValidationException(field, $"Text has at most {DocumentLimits.MaxTextBytes} UTF-8 bytes.");
        }

        return utf8;
    }

    public static void ValidateBatchSize(int count, string field = "documents")
    {
        if (count is < 1 or > DocumentLimits.MaxDocumentsPerBatch)
        {
            throw new VectronValidationException(field, $"A batch holds 1 to {DocumentLimits.MaxDocumentsPerBatch} documents.");
        }
    }
}
