namespace Vectron.Functions.Http;

/// <summary>The request limits of the HTTP API: the one home of each number, quoted by docs/api.md.</summary>
public static class ApiLimits
{
    /// <summary>Largest JSON request body read, in bytes; a larger body is refused before it is parsed.</summary>
    public const int MaxJsonBodyBytes = 1024 * 1024;

    /// <summary>
    /// Largest body of a document upsert: a full batch (<c>DocumentLimits.MaxDocumentsPerBatch</c>) of 384-dimension
    /// vectors written as JSON numbers takes about 4 MB.
    /// </summary>
    public const int MaxDocumentsBodyBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Largest body of a bulk upload as sent (compressed when gzip), streamed to storage rather than held: the
    /// Functions platform's own front-end limit in Azure (100 MB), so the local host refuses what Azure would.
    /// </summary>
    public const long MaxBulkBodyBytes = 100L * 1000 * 1000;

    /// <summary>Most texts in one <c>POST /api/embed</c> request.</summary>
    public const int MaxTextsPerEmbedRequest = 64;
}
