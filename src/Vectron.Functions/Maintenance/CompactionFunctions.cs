using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Vectron.Index.Collections;

namespace Vectron.Functions.Maintenance;

/// <summary>The compaction timer: folds write-ahead logs into sealed segments and deletes superseded blobs.</summary>
public sealed partial class CompactionFunctions(IVectronCollections collections, ILogger<CompactionFunctions> logger)
{
    /// <summary>
    /// The one home of the schedule (NCRONTAB with seconds): every 5 minutes. The worker SDK copies it into
    /// functions.metadata, which both the Functions host and the local host read.
    /// </summary>
    public const string Schedule = "0 */5 * * * *";

    [Function("Compaction")]
    public async Task CompactAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var results = await collections.CompactDueAsync(cancellationToken);
        LogCompacted(logger, results.Count, timer.IsPastDue);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Compaction timer: {Count} collection(s) compacted (past due: {PastDue})")]
    private static partial void LogCompacted(ILogger logger, int count, bool pastDue);
}
