using Azure;

namespace Vectron.Index.Storage;

/// <summary>
/// One listing of a collection's blobs: the manifest's ETag (null when there is no manifest) and its logs with their
/// lengths. A catch-up whose manifest did not change needs nothing more before reading the log tails.
/// </summary>
public sealed record CollectionListing(ETag? ManifestETag, IReadOnlyList<LogBlobInfo> Logs)
{
    /// <summary>
    /// True when the listed manifest is <paramref name="manifestETag"/>. Listings give ETags without the quotes that
    /// reads and writes give them (in Azure and in Azurite), so the comparison ignores quotes.
    /// </summary>
    public bool ManifestIs(ETag manifestETag) =>
        ManifestETag is { } listed && Unquoted(listed) == Unquoted(manifestETag);

    private static string Unquoted(ETag etag) => etag.ToString().Trim('"');
}
