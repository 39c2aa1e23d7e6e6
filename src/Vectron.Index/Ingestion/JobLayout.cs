using System.Globalization;
using Vectron.Index.Collections;

namespace Vectron.Index.Ingestion;

/// <summary>The one home of bulk-job blob names (<c>jobs/{jobId}/...</c>, DESIGN.md "Blob layout") and of the job-id rule.</summary>
public static class JobLayout
{
    public const string JobsPrefix = "jobs/";

    /// <summary>Job ids are 32 lower-case hex digits (a version-7 GUID, so they sort by creation time).</summary>
    public const int JobIdLength = 32;

    public static string NewJobId() => Guid.CreateVersion7().ToString("N");

    /// <summary>Throws <see cref="VectronValidationException"/> (field <c>jobId</c>) unless the id has the job-id shape.</summary>
    public static void ValidateJobId(string? jobId)
    {
        if (jobId is not { Length: JobIdLength } || !jobId.All(char.IsAsciiHexDigitLower))
        {
            throw new VectronValidationException("jobId", $"A job id is {JobIdLength} lower-case hex digits.");
        }
    }

    public static string JobPrefix(string jobId) => $"{JobsPrefix}{jobId}/";

    /// <summary>The uploaded NDJSON, decompressed, so chunk byte ranges index it directly.</summary>
    public static string Staging(string jobId) => $"{JobPrefix(jobId)}data.ndjson";

    /// <summary>Written once at start: collection, totals, creation time.</summary>
    public static string Record(string jobId) => $"{JobPrefix(jobId)}job.json";

    /// <summary>Created (If-None-Match: *) by the first chunk that starts.</summary>
    public static string Started(string jobId) => $"{JobPrefix(jobId)}started";

    public static string ChunkPrefix(string jobId) => $"{JobPrefix(jobId)}chunks/";

    /// <summary>The chunk's one outcome (completed or failed), created with If-None-Match: *.</summary>
    public static string ChunkMarker(string jobId, int chunk) =>
        $"{ChunkPrefix(jobId)}{chunk.ToString("D6", CultureInfo.InvariantCulture)}.json";

    /// <summary>The job id of a blob under <see cref="JobsPrefix"/>, or null for a name of another shape.</summary>
    public static string? JobIdOf(string blobName)
    {
        if (!blobName.StartsWith(JobsPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        int end = blobName.IndexOf('/', JobsPrefix.Length);
        return end < 0 ? null : blobName[JobsPrefix.Length..end];
    }

    /// <summary>The id of a document whose line has none: stable per (job, line), so a replay overwrites it.</summary>
    public static string DerivedDocumentId(string jobId, long line) =>
        $"{jobId}-{line.ToString(CultureInfo.InvariantCulture)}";
}
