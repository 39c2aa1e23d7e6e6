using System.Text;
using Vectron.Index.Collections;
using Vectron.Index.Ingestion;

namespace Vectron.Index.Tests.Ingestion;

public sealed class ChunkPlannerTests
{
    [Fact]
    public void Complete_RandomFilesFedInRandomPieces_ChunksTileTheLinesExactly()
    {
        for (int seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            int target = random.Next(1, 400);
            int maxDocuments = random.Next(1, 30);
            var file = new StringBuilder();
            var lineStarts = new List<int> { 0 };
            int documents = 0;
            int lineCount = random.Next(0, 200);
            for (int i = 0; i < lineCount; i++)
            {
                bool blank = random.Next(6) == 0;
                file.Append(blank ? new string(' ', random.Next(0, 3)) : "{\"n\":" + new string('7', random.Next(1, 60)) + "}");
                documents += blank ? 0 : 1;
                if (i < lineCount - 1 || random.Next(2) == 0)
                {
                    file.Append(random.Next(3) == 0 ? "\r\n" : "\n");
                    lineStarts.Add(file.Length);
                }
            }

            byte[] bytes = Encoding.UTF8.GetBytes(file.ToString());
            var planner = new ChunkPlanner(target, maxDocuments, 1024);
            for (int at = 0; at < bytes.Length;)
            {
                int piece = Math.Min(bytes.Length - at, random.Next(1, 64));
                planner.Append(bytes.AsSpan(at, piece));
                at += piece;
            }

            IReadOnlyList<ChunkPlan> chunks = planner.Complete();

            Assert.Equal(documents, planner.Documents);
            Assert.Equal(documents, chunks.Sum(c => c.Documents));
            long previousEnd = 0;
            foreach (ChunkPlan chunk in chunks)
            {
                Assert.True(chunk.Offset >= previousEnd, $"seed {seed}: chunks overlap");
                Assert.Contains((int)chunk.Offset, lineStarts);
                Assert.True(chunk.Offset + chunk.Length == bytes.Length || bytes[chunk.Offset + chunk.Length - 1] == '\n', $"seed {seed}: chunk ends inside a line");
                Assert.InRange(chunk.Documents, 1, maxDocuments);
                Assert.Equal(lineStarts.IndexOf((int)chunk.Offset) + 1, chunk.FirstLine);
                string text = Encoding.UTF8.GetString(bytes, (int)chunk.Offset, chunk.Length);
                Assert.Equal(chunk.Documents, text.Split('\n').Count(l => l.Trim().Length > 0));

                // A chunk passes the target only by its last line.
                int lastLineStart = text.TrimEnd('\n').LastIndexOf('\n') + 1;
                Assert.True(lastLineStart < target || chunk.Documents == 1, $"seed {seed}: chunk too long");
                previousEnd = chunk.Offset + chunk.Length;
            }

            // Whatever no chunk covers holds no document.
            Assert.Equal(documents, chunks.Sum(c => Encoding.UTF8.GetString(bytes, (int)c.Offset, c.Length).Split('\n').Count(l => l.Trim().Length > 0)));
        }
    }

    [Fact]
    public void Append_LineLongerThanTheLimit_ThrowsNamingTheLine()
    {
        var planner = new ChunkPlanner(1024, 10, 100);
        planner.Append("{}\n\n"u8);

        var error = Assert.Throws<VectronValidationException>(() => planner.Append(Encoding.UTF8.GetBytes(new string('x', 101))));

        Assert.Equal("body", error.Field);
        Assert.Contains("Line 3", error.Message, StringComparison.Ordinal);
    }
}
