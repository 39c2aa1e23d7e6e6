using Vectron.Index.Collections;
using Vectron.Index.Ingestion;
using Vectron.Index.Storage;

namespace Vectron.Functions.Tests.Hostile;

/// <summary>Whether a blob lies where Vectron may write: under a valid collection name or a valid job id (BlobLayout, JobLayout).</summary>
internal static class BlobNamespace
{
    public static bool IsInside(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        if (blobName.StartsWith(BlobLayout.CollectionsPrefix, StringComparison.Ordinal))
        {
            return FirstSegmentIsValid(blobName[BlobLayout.CollectionsPrefix.Length..], CollectionName.Validate);
        }

        return blobName.StartsWith(JobLayout.JobsPrefix, StringComparison.Ordinal)
            && FirstSegmentIsValid(blobName[JobLayout.JobsPrefix.Length..], JobLayout.ValidateJobId);
    }

    private static bool FirstSegmentIsValid(string rest, Action<string> validate)
    {
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || rest.Contains("/../", StringComparison.Ordinal) || rest.Contains('\\', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            validate(rest[..slash]);
            return true;
        }
        catch (VectronValidationException)
        {
            return false;
        }
    }
}
