using Azure.Storage.Blobs.Models;
using Vectron.Index.Storage;

namespace Vectron.Index.Ingestion;

public sealed partial class BulkIngestion
{
    public async Task<BulkJobStatus> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        JobLayout.ValidateJobId(jobId);
        JobRecord record = await DownloadJsonAsync<JobRecord>(Container.GetBlobClient(JobLayout.Record(jobId)), cancellationToken)
            ?? throw new BulkJobNotFoundException(jobId);

        // One listing gives every count (marker metadata); only markers with errors are downloaded.
        string startedName = JobLayout.Started(jobId);
        string chunkPrefix = JobLayout.ChunkPrefix(jobId);
        DateTimeOffset? startedAt = null;
        DateTimeOffset? lastOutcome = null;
        int completed = 0;
        int failed = 0;
        long written = 0;
        long badLines = 0;
        var withErrors = new List<string>();
        var options = new GetBlobsOptions { Prefix = JobLayout.JobPrefix(jobId), Traits = BlobTraits.Metadata };
        await StorageFailures.GuardAsync(
            async () =>
            {
                await foreach (BlobItem item in Container.GetBlobsAsync(options, cancellationToken))
                {
                    if (item.Name == startedName)
                    {
                        startedAt = ParseTime(item.Metadata, ChunkMarker.AtKey);
                    }
                    else if (item.Name.StartsWith(chunkPrefix, StringComparison.Ordinal))
                    {
                        bool chunkFailed = item.Metadata.TryGetValue(ChunkMarker.FailedKey, out string? value) && value == "true";
                        int bad = ParseInt(item.Metadata, ChunkMarker.BadLinesKey);
                        completed += chunkFailed ? 0 : 1;
                        failed += chunkFailed ? 1 : 0;
                        written += ParseInt(item.Metadata, ChunkMarker.WrittenKey);
                        badLines += bad;
                        if (ParseTime(item.Metadata, ChunkMarker.FinishedAtKey) is { } finished && (lastOutcome is null || finished > lastOutcome))
                        {
                            lastOutcome = finished;
                        }

                        if (chunkFailed || bad > 0)
                        {
                            withErrors.Add(item.Name);
                        }
                    }
                }
            },
            cancellationToken);

        var errors = new List<BulkLineError>();
        var failures = new List<BulkChunkFailure>();
        withErrors.Sort(StringComparer.Ordinal);
        foreach (string name in withErrors)
        {
            if (errors.Count >= Options.MaxReportedErrors && failures.Count >= Options.MaxReportedErrors)
            {
                break;
            }

            if (await DownloadJsonAsync<ChunkMarker>(Container.GetBlobClient(name), cancellationToken) is not { } marker)
            {
                continue;
            }

            if (marker.Failed && failures.Count < Options.MaxReportedErrors)
            {
                failures.Add(new BulkChunkFailure(marker.Chunk, marker.FirstLine, marker.Documents, marker.Error ?? string.Empty));
            }

            errors.AddRange(marker.Errors.Take(Options.MaxReportedErrors - errors.Count));
        }

        bool finishedAll = completed + failed >= record.Chunks;
        DateTimeOffset? finishedAt = finishedAll ? lastOutcome : null;
        BulkJobState state = !finishedAll
            ? (startedAt is null && completed + failed == 0 ? BulkJobState.Queued : BulkJobState.Running)
            : written == 0 ? BulkJobState.Failed
            : failed > 0 || badLines > 0 ? BulkJobState.CompletedWithErrors
            : BulkJobState.Completed;
        DateTimeOffset rateFrom = startedAt ?? record.CreatedAt;
        double seconds = ((finishedAt ?? Now) - rateFrom).TotalSeconds;
        return new BulkJobStatus
        {
            JobId = jobId,
            Collection = record.Collection,
            State = state,
            ChunksTotal = record.Chunks,
            ChunksCompleted = completed,
            ChunksFailed = failed,
            DocumentsTotal = record.Documents,
            DocumentsWritten = written,
            BadLines = badLines,
            Errors = errors,
            FailedChunks = failures,
            CreatedAt = record.CreatedAt,
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            DocumentsPerSecond = seconds > 0 ? Math.Round(written / seconds, 1) : 0,
        };
    }

    public async Task<int> CleanupExpiredJobsAsync(CancellationToken cancellationToken = default)
    {
        await _storage.EnsureContainerAsync(cancellationToken);
        var blobs = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var lastActivity = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await StorageFailures.GuardAsync(
            async () =>
            {
                await foreach (BlobItem item in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = JobLayout.JobsPrefix }, cancellationToken))
                {
                    if (JobLayout.JobIdOf(item.Name) is not { } jobId)
                    {
                        continue;
                    }

                    if (!blobs.TryGetValue(jobId, out List<string>? names))
                    {
                        blobs[jobId] = names = [];
                    }

                    names.Add(item.Name);
                    DateTimeOffset modified = item.Properties.LastModified ?? DateTimeOffset.MinValue;
                    if (!lastActivity.TryGetValue(jobId, out DateTimeOffset latest) || modified > latest)
                    {
                        lastActivity[jobId] = modified;
                    }
                }
            },
            cancellationToken);

        DateTimeOffset cutoff = Now - Options.Retention;
        int deleted = 0;
        foreach ((string jobId, List<string> names) in blobs)
        {
            if (lastActivity[jobId] >= cutoff)
            {
                continue;
            }

            // The record goes last: a clean-up cut short leaves a job that is still listed and expired next time.
            string record = JobLayout.Record(jobId);
            names.Sort((a, b) => (a == record).CompareTo(b == record));
            foreach (string name in names)
            {
                await StorageFailures.GuardAsync(() => Container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken), cancellationToken);
            }

            deleted++;
        }

        return deleted;
    }

}
