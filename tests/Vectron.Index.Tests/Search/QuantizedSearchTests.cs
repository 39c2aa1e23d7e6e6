using Vectron.Index.Search;
using Vectron.Index.Search.Filters;

namespace Vectron.Index.Tests.Search;

public sealed class QuantizedSearchTests
{
    private const int RecallDimensions = 384;
    private const int RecallRows = 4000;
    private const int RecallQueries = 40;
    private const int RecallK = 10;

    [Fact]
    public void Search_CandidatesCoverEveryRow_IdenticalToExact()
    {
        var random = new Random(6000);
        KernelPath[] paths = KernelPaths.Usable();
        for (int testCase = 0; testCase < 400; testCase++)
        {
            int dimensions = random.Next(1, 70);
            List<SearchBlock> blocks = VectorSearcherTests.RandomBlocks(random, dimensions, random.Next(1, 4), withLiveRows: true);
            float[] query = RandomVectors.SmallIntegers(random, 1, dimensions);
            MetadataFilter? filter = random.Next(3) == 0 ? MetadataFilter.Parse(FilterCases.RandomFilter(random).ToJson()) : null;

            // At most 3 × 299 rows: k × MaxOversample covers them all, so every live matching row is rescored.
            int k = random.Next(9, 60);
            var options = new SearchOptions
            {
                Mode = QueryMode.Fast,
                Oversample = SearchOptions.MaxOversample,
                MaxDegreeOfParallelism = random.Next(1, 4),
                MinRowsPerThread = random.Next(1, 120),
                KernelPath = paths[random.Next(paths.Length)],
            };

            IReadOnlyList<SearchHit> actual = VectorSearcher.Search(query, blocks, k, filter, options);

            VectorSearcherTests.AssertRanked(VectorSearcherTests.Naive(query, blocks, k, filter), actual, $"case {testCase}");
        }
    }

    [Fact]
    public void Search_FastAnySplitOrPath_ReturnsIdenticalRanking()
    {
        // Fewer candidates than rows, so the binary and int8 stages really select: the selection must not depend on
        // how the scan is split or which kernel runs (integer codes are exact on every path).
        var random = new Random(6050);
        KernelPath[] paths = KernelPaths.Usable();
        for (int testCase = 0; testCase < 30; testCase++)
        {
            int dimensions = random.Next(1, 200);
            List<SearchBlock> blocks = VectorSearcherTests.RandomBlocks(random, dimensions, random.Next(2, 5), withLiveRows: true);
            float[] query = RandomVectors.Normalised(random, 1, dimensions);
            var single = new SearchOptions { Mode = QueryMode.Fast, Oversample = 1, MaxDegreeOfParallelism = 1 };
            var split = new SearchOptions
            {
                Mode = QueryMode.Fast,
                Oversample = 1,
                MaxDegreeOfParallelism = 3,
                MinRowsPerThread = random.Next(1, 50),
                KernelPath = paths[random.Next(paths.Length)],
            };

            IReadOnlyList<SearchHit> expected = VectorSearcher.Search(query, blocks, 3, options: single);
            IReadOnlyList<SearchHit> actual = VectorSearcher.Search(query, blocks, 3, options: split);

            Assert.Equal(expected.Select(h => (h.Id, h.BlockIndex, h.Row)), actual.Select(h => (h.Id, h.BlockIndex, h.Row)));
        }
    }

    [Fact]
    public void Search_DefaultOversample_ReturnsExactFloat32Scores()
    {
        var random = new Random(6100);
        List<SearchBlock> blocks = Blocks(RandomVectors.Normalised(random, RecallRows, RecallDimensions));
        KernelPath path = DotProduct.Resolve(KernelPath.Auto, RecallDimensions);
        for (int q = 0; q < 10; q++)
        {
            float[] query = RandomVectors.Normalised(random, 1, RecallDimensions);

            IReadOnlyList<SearchHit> hits = VectorSearcher.Search(query, blocks, RecallK, options: new() { Mode = QueryMode.Fast });

            Assert.Equal(RecallK, hits.Count);
            foreach (SearchHit hit in hits)
            {
                Assert.Equal(DotProduct.Score(path, query, hit.Block.GetVector(hit.Row)), hit.Score);
            }

            Assert.True(hits.Zip(hits.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score), "ranked by exact score");
        }
    }

    [Fact]
    public void Search_DefaultOversampleOnUniformData_RecallAtLeast099()
    {
        var random = new Random(6200);
        float[] rows = RandomVectors.Normalised(random, RecallRows, RecallDimensions);

        double recall = Recall(random, rows, () => RandomVectors.Normalised(random, 1, RecallDimensions));

        Assert.True(recall >= 0.99, $"recall@{RecallK} {recall:F4}");
    }

    [Fact]
    public void Search_DefaultOversampleOnClusteredData_RecallAtLeast099()
    {
        var random = new Random(6300);
        float[] centroids = RandomVectors.Normalised(random, 20, RecallDimensions);
        float[] rows = Clustered(random, centroids, RecallRows);

        double recall = Recall(random, rows, () => Clustered(random, centroids, 1));

        Assert.True(recall >= 0.99, $"recall@{RecallK} {recall:F4}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(SearchOptions.MaxOversample + 1)]
    public void Validate_OversampleOutOfRange_ThrowsNamingTheSetting(int oversample)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new SearchOptions { Oversample = oversample }.Validate());

        Assert.Equal(nameof(SearchOptions.Oversample), exception.ParamName);
    }

    private static double Recall(Random random, float[] rows, Func<float[]> nextQuery)
    {
        List<SearchBlock> blocks = Blocks(rows);
        int found = 0;
        for (int q = 0; q < RecallQueries; q++)
        {
            float[] query = nextQuery();
            var options = new SearchOptions { Mode = QueryMode.Exact, MaxDegreeOfParallelism = random.Next(1, 3), MinRowsPerThread = 1000 };
            HashSet<string> exact = [.. VectorSearcher.Search(query, blocks, RecallK, options: options).Select(hit => hit.Id)];
            options.Mode = QueryMode.Fast;
            found += VectorSearcher.Search(query, blocks, RecallK, options: options).Count(hit => exact.Contains(hit.Id));
        }

        return found / (double)(RecallQueries * RecallK);
    }

    // Points around the centroids at a distance comparable to the spread of real embedding clusters: neighbours
    // differ by small score gaps, where quantization error matters most.
    private static float[] Clustered(Random random, float[] centroids, int count)
    {
        int centroidCount = centroids.Length / RecallDimensions;
        float[] noise = RandomVectors.Normalised(random, count, RecallDimensions);
        var values = new float[count * RecallDimensions];
        for (int row = 0; row < count; row++)
        {
            ReadOnlySpan<float> centroid = centroids.AsSpan(random.Next(centroidCount) * RecallDimensions, RecallDimensions);
            Span<float> vector = values.AsSpan(row * RecallDimensions, RecallDimensions);
            double norm = 0;
            for (int i = 0; i < RecallDimensions; i++)
            {
                vector[i] = centroid[i] + (0.5f * noise[(row * RecallDimensions) + i]);
                norm += vector[i] * (double)vector[i];
            }

            float scale = (float)(1 / Math.Sqrt(norm));
            for (int i = 0; i < RecallDimensions; i++)
            {
                vector[i] *= scale;
            }
        }

        return values;
    }

    [Fact]
    public void WithoutUnreachable_SomeBlocksCodesOnly_RescoredAnswerUnchangedWithFewerRowsRead()
    {
        var random = new Random(6100);
        int candidatesInCodesOnly = 0, skipped = 0;
        for (int testCase = 0; testCase < 60; testCase++)
        {
            int dimensions = random.Next(8, 400);
            int blockCount = random.Next(2, 5);
            var rows = new List<float[]>();
            var held = new List<SearchBlock>();
            var mixed = new List<SearchBlock>();
            for (int b = 0; b < blockCount; b++)
            {
                int count = random.Next(50, 400);
                float[] vectors = RandomVectors.Normalised(random, count, dimensions);
                rows.Add(vectors);
                held.Add(new SearchBlock(BlockOf(vectors, dimensions, $"b{b}-", hasVectors: true)));
                mixed.Add(new SearchBlock(BlockOf(vectors, dimensions, $"b{b}-", hasVectors: b == 0 || random.Next(2) == 0)));
            }

            float[] query = RandomVectors.Normalised(random, 1, dimensions);
            int k = random.Next(1, 20);
            var options = new SearchOptions { Mode = QueryMode.Fast, Oversample = random.Next(2, 9) };
            CandidateSet candidates = VectorSearcher.FindCandidates(query, mixed, k, null, options, CancellationToken.None);

            CandidateSet reachable = VectorSearcher.WithoutUnreachable(query, candidates, mixed);

            IReadOnlyList<SearchHit> everyRow = VectorSearcher.Rescore(query, candidates, mixed, Fetch(candidates));
            IReadOnlyList<SearchHit> reachableRows = VectorSearcher.Rescore(query, reachable, mixed, Fetch(reachable));
            Assert.Equal(everyRow.Select(h => (h.Id, h.Score)), reachableRows.Select(h => (h.Id, h.Score)));
            Assert.All(candidates.Rows.Except(reachable.Rows), row => Assert.False(mixed[row.BlockIndex].Block.HasVectors));
            candidatesInCodesOnly += candidates.Rows.Count(r => !mixed[r.BlockIndex].Block.HasVectors);
            skipped += candidates.Rows.Count - reachable.Rows.Count;

            // The float32 rows a codes-only block would have read from storage, from the twin that holds them.
            float[]?[] Fetch(CandidateSet set) =>
                [.. set.Rows.Select(r => mixed[r.BlockIndex].Block.HasVectors ? null : held[r.BlockIndex].Block.GetVector(r.Row).ToArray())];
        }

        Assert.InRange(skipped, 1, candidatesInCodesOnly - 1);
    }

    private static VectorBlock BlockOf(float[] vectors, int dimensions, string idPrefix, bool hasVectors)
    {
        int count = vectors.Length / dimensions;
        var block = new VectorBlock(dimensions, count, hasVectors);
        for (int row = 0; row < count; row++)
        {
            block.TryAppend($"{idPrefix}{row:D4}", vectors.AsSpan(row * dimensions, dimensions));
        }

        return block;
    }

    private static List<SearchBlock> Blocks(float[] rows)
    {
        // Two blocks, so candidates from several blocks are merged before rescoring.
        int rowCount = rows.Length / RecallDimensions;
        var blocks = new List<SearchBlock> { new(new VectorBlock(RecallDimensions, rowCount / 2)), new(new VectorBlock(RecallDimensions, rowCount - (rowCount / 2))) };
        for (int row = 0; row < rowCount; row++)
        {
            VectorBlock block = blocks[row < rowCount / 2 ? 0 : 1].Block;
            block.TryAppend($"doc-{row:D5}", rows.AsSpan(row * RecallDimensions, RecallDimensions));
        }

        return blocks;
    }
}
