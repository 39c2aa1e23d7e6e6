using System.Globalization;
using System.Text;

namespace Vectron.Cli;

/// <summary>Draws a job's progress as one line and its final summary.</summary>
internal static class ProgressRenderer
{
    /// <summary>
    /// <c>[#######.............]  35%  7,000/20,000 docs  7/20 chunks  1,234 docs/s  running</c>, plus bad lines and
    /// failed chunks when there are any. The bar counts chunks with an outcome (written or failed).
    /// </summary>
    public static string Line(JobView job, int barWidth = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(barWidth, 1);
        int done = job.ChunksCompleted + job.ChunksFailed;
        double fraction = job.ChunksTotal == 0 ? 0 : Math.Clamp((double)done / job.ChunksTotal, 0, 1);
        int filled = (int)Math.Floor(fraction * barWidth);
        var line = new StringBuilder()
            .Append('[').Append('#', filled).Append('.', barWidth - filled).Append(']')
            .Append(CultureInfo.InvariantCulture, $" {(int)Math.Floor(fraction * 100),3}%")
            .Append(CultureInfo.InvariantCulture, $"  {job.DocumentsWritten:N0}/{job.DocumentsTotal:N0} docs")
            .Append(CultureInfo.InvariantCulture, $"  {done}/{job.ChunksTotal} chunks")
            .Append(CultureInfo.InvariantCulture, $"  {job.DocumentsPerSecond:N0} docs/s")
            .Append("  ").Append(job.State);
        if (job.BadLines > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $"  {job.BadLines:N0} bad lines");
        }

        if (job.ChunksFailed > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $"  {job.ChunksFailed} failed chunks");
        }

        return line.ToString();
    }

    /// <summary>What is printed after the job ended: the reported bad lines and failed chunks.</summary>
    public static IEnumerable<string> Summary(JobView job)
    {
        foreach (LineErrorView error in job.Errors ?? [])
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"line {error.Line}: {error.Field}: {error.Message}");
        }

        if (job.BadLines > (job.Errors?.Count ?? 0))
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"... {job.BadLines - (job.Errors?.Count ?? 0):N0} more bad lines not listed");
        }

        foreach (ChunkFailureView failure in job.FailedChunks ?? [])
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"chunk {failure.Chunk} (lines from {failure.FirstLine}, {failure.Documents} documents) failed: {failure.Error}");
        }
    }
}
