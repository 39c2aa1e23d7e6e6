using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Vectron.Index.Collections;

namespace Vectron.Index.Ingestion;

/// <summary>
/// One parsed NDJSON line: <c>{"id": "...", "text": "...", "vector": [...], "metadata": {...}}</c>; the vector is either
/// an array of numbers or a base64 string of float32 little-endian values (docs/api.md "Bulk ingestion").
/// </summary>
#pragma warning disable CA1819 // Parsed-line data holder; the arrays are handed on without copies.
internal sealed record NdjsonLine(long Line, string Id, float[]? Vector, string? Text, string? MetadataJson, byte[] TextUtf8, byte[] MetadataUtf8)
#pragma warning restore CA1819
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    [ThreadStatic]
    private static float[]? t_scratch;

    /// <summary>
    /// Parses a line and applies the document rules (<see cref="DocumentRules"/>; vectors are checked by
    /// <see cref="VectorRules"/> once the collection's dimensions are known). Unknown properties are ignored.
    /// Throws <see cref="VectronValidationException"/> naming the field at fault.
    /// </summary>
    public static NdjsonLine Parse(ReadOnlySpan<byte> utf8, long line, string jobId)
    {
        if (utf8.StartsWith(Utf8Bom))
        {
            utf8 = utf8[Utf8Bom.Length..];
        }

        string? id = null;
        string? text = null;
        string? metadata = null;
        float[]? vector = null;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new VectronValidationException("line", "A line must be one JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    id = ReadString(ref reader, "id");
                }
                else if (reader.ValueTextEquals("text"u8))
                {
                    text = ReadString(ref reader, "text");
                }
                else if (reader.ValueTextEquals("vector"u8))
                {
                    vector = ReadVector(ref reader);
                }
                else if (reader.ValueTextEquals("metadata"u8))
                {
                    metadata = ReadObject(ref reader, utf8);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // Anything after the object (a second value) makes the reader throw here.
            if (reader.Read())
            {
                throw new VectronValidationException("line", "A line must hold exactly one JSON object.");
            }
        }
        catch (JsonException ex)
        {
            throw new VectronValidationException("line", $"Malformed JSON: {ex.Message}");
        }

        if (id is null)
        {
            id = JobLayout.DerivedDocumentId(jobId, line);
        }
        else
        {
            DocumentRules.ValidateId(id);
        }

        byte[] metadataUtf8 = DocumentRules.ValidateMetadata(metadata);
        byte[] textUtf8 = DocumentRules.ValidateText(text);
        if (vector is null && string.IsNullOrEmpty(text))
        {
            throw new VectronValidationException("text", "A line needs a vector or a non-empty text to embed.");
        }

        return new NdjsonLine(line, id, vector, text, metadata, textUtf8, metadataUtf8);
    }

    private static string? ReadString(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new VectronValidationException(field, $"'{field}' must be a string."),
        };
    }

    private static float[]? ReadVector(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.StartArray => ReadNumbers(ref reader),
            JsonTokenType.String => DecodeBase64(ref reader),
            _ => throw new VectronValidationException("vector", "'vector' must be an array of numbers or a base64 string of float32 little-endian values."),
        };
    }

    /// <summary>Numbers go straight from UTF-8 into a per-thread scratch buffer; one exact-size copy leaves.</summary>
    private static float[] ReadNumbers(ref Utf8JsonReader reader)
    {
        float[] scratch = t_scratch ??= new float[DocumentLimits.MaxDimensions];
        int count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            float value;
            if (reader.TokenType != JsonTokenType.Number || !float.IsFinite(value = Utf8Single.Parse(reader.ValueSpan)))
            {
                throw new VectronValidationException($"vector[{count}]", "A vector component must be a number.");
            }

            if (count == scratch.Length)
            {
                Array.Resize(ref scratch, scratch.Length * 2);
                t_scratch = scratch;
            }

            scratch[count++] = value;
        }

        return scratch.AsSpan(0, count).ToArray();
    }

    /// <summary>The compact form: base64 of the float32 values, little-endian (the order of the log and segments).</summary>
    private static float[] DecodeBase64(ref Utf8JsonReader reader)
    {
        // Base64's '/' may arrive escaped as "\/"; only then is the string unescaped first.
        ReadOnlySpan<byte> encoded = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        var vector = new float[Base64.GetMaxDecodedFromUtf8Length(encoded.Length) / sizeof(float)];
        Span<byte> bytes = MemoryMarshal.AsBytes(vector.AsSpan());
        OperationStatus status = Base64.DecodeFromUtf8(encoded, bytes, out _, out int written);
        if (status != OperationStatus.Done || written % sizeof(float) != 0)
        {
            throw new VectronValidationException("vector", "A base64 'vector' must decode to float32 little-endian values (a multiple of 4 bytes).");
        }

        if (!BitConverter.IsLittleEndian)
        {
            Span<int> values = MemoryMarshal.Cast<float, int>(vector.AsSpan());
            BinaryPrimitives.ReverseEndianness(values, values);
        }

        return written == bytes.Length ? vector : vector[..(written / sizeof(float))];
    }

    private static string? ReadObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new VectronValidationException("metadata", "Metadata must be a JSON object.");
        }

        int start = (int)reader.TokenStartIndex;
        reader.Skip();
        return Encoding.UTF8.GetString(utf8[start..(int)reader.BytesConsumed]);
    }
}
