namespace Vectron.Functions.Http;

/// <summary>The request limits of the HTTP API: the one home of each number, quoted by docs/api.md.</summary>
public static class ApiLimits
{
    /// <summary>Largest JSON request body read, in bytes; a larger body is refused before it is parsed.</summary>
    public const int MaxJsonBodyBytes = 1024 * 1024;

    /// <summary>Most texts in one <c>POST /api/embed</c> request.</summary>
    public const int MaxTextsPerEmbedRequest = 64;
}
