using System.Globalization;
using System.Text.Json;
using Vectron.Index.Collections;

namespace Vectron.Functions.Documents;

/// <summary>Body of <c>POST /api/collections/{name}/documents</c>: <c>{"documents": [{id, text?, vector?, metadata?}]}</c>.</summary>
public sealed class UpsertDocumentsRequest
{
    public IReadOnlyList<DocumentInput?>? Documents { get; init; }

    /// <summary>
    /// The documents, each with a vector or a text to embed; throws naming the first offending field. Ids, vectors,
    /// metadata and text sizes are the engine's rules, checked by the upsert itself.
    /// </summary>
    public IReadOnlyList<DocumentInput> ValidatedDocuments()
    {
        const string field = "documents";
        if (Documents is null)
        {
            throw new VectronValidationException(field, "Give the documents to write.");
        }

        DocumentRules.ValidateBatchSize(Documents.Count, field);
        var documents = new DocumentInput[Documents.Count];
        for (var i = 0; i < documents.Length; i++)
        {
            var document = Documents[i] ?? throw new VectronValidationException(ItemField(i), "A document must not be null.");
            if (document.Vector is null && string.IsNullOrWhiteSpace(document.Text))
            {
                throw new VectronValidationException(
                    document.Text is null ? ItemField(i) : ItemField(i) + ".text",
                    "A document needs a 'vector' or a non-empty 'text' to embed.");
            }

            documents[i] = document;
        }

        return documents;
    }

    public static string ItemField(int index) => string.Create(CultureInfo.InvariantCulture, $"documents[{index}]");
}

/// <summary>One document of an upsert; without <see cref="Vector"/> its <see cref="Text"/> is embedded.</summary>
public sealed class DocumentInput
{
    public string? Id { get; init; }

    public string? Text { get; init; }

    public float[]? Vector { get; init; }

    /// <summary>A JSON object stored with the document and used by query filters.</summary>
    public JsonElement? Metadata { get; init; }

    public DocumentUpsert ToUpsert(ReadOnlyMemory<float> vector)
        => new(Id!, vector, Metadata is { ValueKind: not JsonValueKind.Null } metadata ? metadata.GetRawText() : null, Text);
}
