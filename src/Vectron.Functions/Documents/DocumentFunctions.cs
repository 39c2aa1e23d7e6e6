using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Vectron.Functions.Embed;
using Vectron.Functions.Http;
using Vectron.Index.Collections;
using Vectron.Index.Embedding;

namespace Vectron.Functions.Documents;

/// <summary>Batch upsert (text embedded here, or vectors as given), read and delete of single documents.</summary>
public sealed class DocumentFunctions(
    IVectronCollections collections,
    IEmbeddingGenerator<string, Embedding<float>> generator,
    ILogger<DocumentFunctions> logger)
{
    [Function("UpsertDocuments")]
    [ApiOperation("Upsert a batch of documents; texts without a vector are embedded", Request = typeof(UpsertDocumentsRequest), Response = typeof(UpsertDocumentsResponse))]
    public Task<IActionResult> UpsertAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "collections/{name}/documents")] HttpRequest request,
        string name,
        CancellationToken cancellationToken)
        => Problems.HandleAsync(async () =>
        {
            CollectionName.Validate(name);
            var body = await JsonRequest.ReadAsync<UpsertDocumentsRequest>(request, ApiLimits.MaxDocumentsBodyBytes, cancellationToken);
            var documents = body.ValidatedDocuments();
            var collection = await collections.GetAsync(name, cancellationToken);
            var vectors = await VectorsOfAsync(collection, documents, cancellationToken);
            var upserts = new DocumentUpsert[documents.Count];
            for (var i = 0; i < upserts.Length; i++)
            {
                upserts[i] = documents[i].ToUpsert(vectors[i]);
            }

            var receipt = await collections.UpsertAsync(name, upserts, cancellationToken);
            return new OkObjectResult(new UpsertDocumentsResponse(receipt.Count, documents.Count(d => d.Vector is null), receipt.Timestamp));
        }, logger);

    [Function("GetDocument")]
    [ApiOperation("Read one document", Response = typeof(DocumentResponse))]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "collections/{name}/documents/{id}")] HttpRequest request,
        string name,
        string id,
        CancellationToken cancellationToken)
        => Problems.HandleAsync(async () => await collections.GetDocumentAsync(name, id, cancellationToken) is { } document
            ? new OkObjectResult(DocumentResponse.From(document))
            : Problems.NotFound($"Document '{id}' does not exist in collection '{name}'."), logger);

    [Function("DeleteDocument")]
    [ApiOperation("Delete one document (absent ids are not an error)", SuccessStatus = 204)]
    public Task<IActionResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "collections/{name}/documents/{id}")] HttpRequest request,
        string name,
        string id,
        CancellationToken cancellationToken)
        => Problems.HandleAsync(async () =>
        {
            await collections.DeleteDocumentsAsync(name, [id], cancellationToken);
            return new NoContentResult();
        }, logger);

    // Given vectors are passed as they are (the engine checks them); the texts of the others are embedded in one call.
    private async Task<ReadOnlyMemory<float>[]> VectorsOfAsync(CollectionInfo collection, IReadOnlyList<DocumentInput> documents, CancellationToken cancellationToken)
    {
        var vectors = new ReadOnlyMemory<float>[documents.Count];
        var toEmbed = new List<int>();
        for (var i = 0; i < documents.Count; i++)
        {
            if (documents[i].Vector is { } vector)
            {
                vectors[i] = vector;
            }
            else
            {
                DocumentRules.ValidateText(documents[i].Text, UpsertDocumentsRequest.ItemField(i) + ".text");
                toEmbed.Add(i);
            }
        }

        if (toEmbed.Count > 0)
        {
            EmbeddingModel.Of(generator).EnsureCanEmbedFor(collection, UpsertDocumentsRequest.ItemField(toEmbed[0]) + ".text");
            var embeddings = await generator.GenerateAsync(toEmbed.Select(i => documents[i].Text!), cancellationToken: cancellationToken);
            for (var j = 0; j < toEmbed.Count; j++)
            {
                vectors[toEmbed[j]] = embeddings[j].Vector;
            }
        }

        return vectors;
    }
}
