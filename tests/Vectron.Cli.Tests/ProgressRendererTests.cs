using Vectron.Cli;

namespace Vectron.Cli.Tests;

public sealed class ProgressRendererTests
{
    [Fact]
    public void Line_AnyProgress_BarMatchesTheChunkFraction()
    {
        var random = new Random(1);
        for (int i = 0; i < 500; i++)
        {
            int total = random.Next(1, 2000);
            int completed = random.Next(0, total + 1);
            int failed = random.Next(0, total - completed + 1);
            int width = random.Next(1, 80);
            JobView job = Job("running", total, completed, failed, documentsWritten: random.Next(0, 1_000_000));

            string line = ProgressRenderer.Line(job, width);

            int hashes = line.TakeWhile(c => c != ']').Count(c => c == '#');
            Assert.Equal((completed + failed) * width / total, hashes);
            Assert.Equal(width + 2, line.IndexOf(']', StringComparison.Ordinal) + 1);
            Assert.Contains($"{(completed + failed) * 100 / total}%", line, StringComparison.Ordinal);
            Assert.Contains($"{completed + failed}/{total} chunks", line, StringComparison.Ordinal);
            Assert.Equal(failed > 0, line.Contains("failed chunks", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Line_FinishedJobWithErrors_ShowsCountsAndState()
    {
        JobView job = Job("completed-with-errors", 20, 19, 1, documentsWritten: 19_500, badLines: 3, documentsPerSecond: 1234.4);

        Assert.Equal(
            "[##########] 100%  19,500/20,000 docs  20/20 chunks  1,234 docs/s  completed-with-errors  3 bad lines  1 failed chunks",
            ProgressRenderer.Line(job, 10));
    }

    [Fact]
    public void Summary_MoreBadLinesThanListed_ListsThemAndCountsTheRest()
    {
        JobView job = Job("completed-with-errors", 2, 1, 1, documentsWritten: 10, badLines: 5) with
        {
            Errors = [new LineErrorView(4, "vector", "A zero vector has no direction and cannot be stored.")],
            FailedChunks = [new ChunkFailureView(1, 101, 100, "simulated crash")],
        };

        Assert.Equal(
            [
                "line 4: vector: A zero vector has no direction and cannot be stored.",
                "... 4 more bad lines not listed",
                "chunk 1 (lines from 101, 100 documents) failed: simulated crash",
            ],
            ProgressRenderer.Summary(job));
    }

    internal static JobView Job(string state, int total, int completed, int failed, long documentsWritten = 0, long badLines = 0, double documentsPerSecond = 0) =>
        new("0123", state, total, completed, failed, 20_000, documentsWritten, badLines, [], [], documentsPerSecond);
}
