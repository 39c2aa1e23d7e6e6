using System.Text.Json;
using Vectron.Index.Search;
using Vectron.Index.Search.Filters;

namespace Vectron.Index.Tests.Search;

public sealed class VectorSearcherTests
{
    private static readonly SearchOptions ExactOptions = new() { Mode = QueryMode.Exact };

    [Fact]
    public void Search_RandomCases_MatchesNaiveSort()
    {
        var random = new Random(4000);
        KernelPath[] paths = KernelPaths.Usable();
        for (int testCase = 0; testCase < 2000; testCase++)
        {
            int dimensions = random.Next(1, 25);
            List<SearchBlock> blocks = RandomBlocks(random, dimensions, random.Next(1, 4), withLiveRows: true);
            float[] query = RandomVectors.SmallIntegers(random, 1, dimensions);
            int k = testCase % 7 == 0 ? VectorSearcher.MaxTopK : random.Next(1, 60);
            var options = new SearchOptions
            {
                Mode = QueryMode.Exact,
                MaxDegreeOfParallelism = random.Next(1, 4),
                MinRowsPerThread = random.Next(1, 120),
                KernelPath = paths[random.Next(paths.Length)],
            };

            IReadOnlyList<SearchHit> actual = VectorSearcher.Search(query, blocks, k, options: options);

            AssertRanked(Naive(query, blocks, k, filter: null), actual, $"case {testCase}");
        }
    }

    [Fact]
    public void Search_SameCaseAnyParallelism_ReturnsIdenticalRanking()
    {
        var random = new Random(4100);
        for (int testCase = 0; testCase < 200; testCase++)
        {
            List<SearchBlock> blocks = RandomBlocks(random, 8, 3, withLiveRows: false);
            float[] query = RandomVectors.SmallIntegers(random, 1, 8);
            IReadOnlyList<SearchHit> single = VectorSearcher.Search(query, blocks, 25, options: new() { Mode = QueryMode.Exact, MaxDegreeOfParallelism = 1 });
            IReadOnlyList<SearchHit> split = VectorSearcher.Search(
                query, blocks, 25, options: new() { Mode = QueryMode.Exact, MaxDegreeOfParallelism = 3, MinRowsPerThread = 1 });

            Assert.Equal(single, split);
        }
    }

    [Fact]
    public void Search_RandomFilters_MatchesNaiveFilteredSort()
    {
        var random = new Random(4200);
        for (int testCase = 0; testCase < 300; testCase++)
        {
            List<SearchBlock> blocks = RandomBlocks(random, 12, random.Next(1, 4), withLiveRows: true);
            float[] query = RandomVectors.SmallIntegers(random, 1, 12);
            MetadataFilter filter = MetadataFilter.Parse(FilterCases.RandomFilter(random).ToJson());
            var options = new SearchOptions { Mode = QueryMode.Exact, MaxDegreeOfParallelism = random.Next(1, 3), MinRowsPerThread = random.Next(1, 200) };

            IReadOnlyList<SearchHit> actual = VectorSearcher.Search(query, blocks, 20, filter, options);

            AssertRanked(Naive(query, blocks, 20, filter), actual, $"case {testCase}");
        }
    }

    [Fact]
    public void Search_SelectiveFilter_StillReturnsKMatches()
    {
        var random = new Random(4300);
        const int Dimensions = 32;
        var block = new VectorBlock(Dimensions, 20_000);
        float[] vectors = RandomVectors.SmallIntegers(random, block.Capacity, Dimensions);
        for (int row = 0; row < block.Capacity; row++)
        {
            string tag = row % 500 == 7 ? "rare" : "common";
            block.TryAppend($"doc-{row}", vectors.AsSpan(row * Dimensions, Dimensions), Metadata($$"""{"tag":"{{tag}}"}"""));
        }

        MetadataFilter filter = MetadataFilter.Parse("""{"tag":"rare"}""");
        IReadOnlyList<SearchHit> hits = VectorSearcher.Search(vectors.AsMemory(0, Dimensions), [new(block)], 30, filter, ExactOptions);

        Assert.Equal(30, hits.Count);
        Assert.All(hits, hit => Assert.Equal(7, hit.Row % 500));
        AssertRanked(Naive(vectors.AsSpan(0, Dimensions), [new(block)], 30, filter), hits, "rare tag");
    }

    [Fact]
    public void Search_RowsAppendedAfterACachedFilter_AreFoundByTheSameFilter()
    {
        var block = new VectorBlock(4, 100);
        MetadataFilter filter = MetadataFilter.Parse("""{"n":{"$gte":10}}""");
        for (int row = 0; row < 40; row++)
        {
            block.TryAppend($"a{row}", [1, 0, 0, 0], Metadata($$"""{"n":{{row % 10}}}"""));
        }

        Assert.Empty(VectorSearcher.Search(new float[] { 1, 0, 0, 0 }, [new(block)], 5, filter, ExactOptions));
        block.TryAppend("late", [0, 1, 0, 0], Metadata("""{"n":12}"""));

        SearchHit hit = Assert.Single(VectorSearcher.Search(new float[] { 1, 1, 0, 0 }, [new(block)], 5, filter, ExactOptions));
        Assert.Equal("late", hit.Id);
        Assert.Equal(1f, hit.Score);
    }

    [Fact]
    public async Task Search_WhileOneWriterAppends_SeesOnlyCompleteRows()
    {
        const int Dimensions = 16, Rows = 20_000;
        var block = new VectorBlock(Dimensions, Rows);
        float[] vectors = RandomVectors.SmallIntegers(new Random(4400), Rows, Dimensions);
        JsonElement even = Metadata("""{"even":true}"""), odd = Metadata("{}");
        MetadataFilter filter = MetadataFilter.Parse("""{"even":true}""");
        Task writer = Task.Run(() =>
        {
            for (int row = 0; row < Rows; row++)
            {
                block.TryAppend($"r{row}", vectors.AsSpan(row * Dimensions, Dimensions), row % 2 == 0 ? even : odd);
            }
        });

        int searches = 0;
        while (!writer.IsCompleted || searches == 0)
        {
            foreach (SearchHit hit in VectorSearcher.Search(vectors.AsMemory(0, Dimensions), [new(block)], 20, filter, ExactOptions))
            {
                // A hit is a fully written row: the id, metadata and vector appended for that row.
                Assert.Equal($"r{hit.Row}", hit.Id);
                Assert.Equal(0, hit.Row % 2);
                Assert.Equal(DotProduct.ScalarDot(vectors.AsSpan(0, Dimensions), vectors.AsSpan(hit.Row * Dimensions, Dimensions)), hit.Score);
            }

            searches++;
        }

        await writer;
        IReadOnlyList<SearchHit> final = VectorSearcher.Search(vectors.AsMemory(0, Dimensions), [new(block)], 20, filter, ExactOptions);
        AssertRanked(Naive(vectors.AsSpan(0, Dimensions), [new(block)], 20, filter), final, "after the writer finished");
    }

    [Fact]
    public void Search_LiveRowsShorterThanBlock_SearchesRowsPastTheBitmap()
    {
        var block = new VectorBlock(2, 10);
        block.TryAppend("deleted", [1, 0]);
        block.TryAppend("kept", [0.5f, 0]);
        block.TryAppend("appended-later", [0.25f, 0]);
        var live = new RowBitmap(2, allSet: true) { [0] = false };

        IReadOnlyList<SearchHit> hits = VectorSearcher.Search(new float[] { 1, 0 }, [new(block, live)], 10, options: ExactOptions);

        Assert.Equal(["kept", "appended-later"], hits.Select(hit => hit.Id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(VectorSearcher.MaxTopK + 1)]
    public void Search_KOutOfRange_Throws(int k)
    {
        var block = new VectorBlock(2, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => VectorSearcher.Search(new float[2], [new(block)], k));
    }

    [Fact]
    public void Search_BlockWithOtherDimensions_ThrowsNamingIt()
    {
        var exception = Assert.Throws<ArgumentException>(
            () => VectorSearcher.Search(new float[3], [new(new VectorBlock(3, 1)), new(new VectorBlock(4, 1))], 1));

        Assert.Contains("Block 1 has 4 dimensions", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_CancelledToken_ThrowsOperationCanceled()
    {
        var block = new VectorBlock(2, 1);
        block.TryAppend("a", [1, 0]);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(
            () => VectorSearcher.Search(new float[2], [new(block)], 1, cancellationToken: cancellation.Token));
    }

    [Fact]
    public void Validate_ZeroParallelism_ThrowsNamingTheSetting()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new SearchOptions { MaxDegreeOfParallelism = 0 }.Validate());

        Assert.Equal(nameof(SearchOptions.MaxDegreeOfParallelism), exception.ParamName);
    }

    internal static List<SearchBlock> RandomBlocks(Random random, int dimensions, int blockCount, bool withLiveRows)
    {
        var blocks = new List<SearchBlock>();
        int nextId = 0;
        for (int b = 0; b < blockCount; b++)
        {
            var block = new VectorBlock(dimensions, random.Next(1, 300));
            int rows = random.Next(0, block.Capacity + 1);
            float[] vectors = RandomVectors.SmallIntegers(random, rows, dimensions);
            for (int row = 0; row < rows; row++)
            {
                // Ids are not in row order, so tie-breaking by id differs from breaking by position.
                string id = $"id-{(nextId++ * 7919) % 100_003:D6}";
                block.TryAppend(id, vectors.AsSpan(row * dimensions, dimensions), FilterCases.RandomMetadata(random));
            }

            RowBitmap? live = null;
            if (withLiveRows && random.Next(2) == 0)
            {
                live = new RowBitmap(random.Next(0, rows + 1));
                for (int row = 0; row < live.Length; row++)
                {
                    live[row] = random.Next(4) != 0;
                }
            }

            blocks.Add(new SearchBlock(block, live));
        }

        return blocks;
    }

    internal static List<SearchHit> Naive(ReadOnlySpan<float> query, List<SearchBlock> blocks, int k, MetadataFilter? filter)
    {
        var all = new List<SearchHit>();
        for (int b = 0; b < blocks.Count; b++)
        {
            (VectorBlock block, RowBitmap? live) = blocks[b];
            for (int row = 0; row < block.Count; row++)
            {
                bool isLive = live is null || row >= live.Length || live[row];
                if (isLive && (filter is null || filter.Matches(block.GetMetadata(row))))
                {
                    all.Add(new SearchHit(block.GetId(row), DotProduct.ScalarDot(query, block.GetVector(row)), block, b, row));
                }
            }
        }

        return [.. all.OrderByDescending(hit => hit.Score).ThenBy(hit => hit.Id, StringComparer.Ordinal).Take(k)];
    }

    internal static void AssertRanked(List<SearchHit> expected, IReadOnlyList<SearchHit> actual, string label)
    {
        Assert.True(expected.Count == actual.Count, $"{label}: {actual.Count} hits, expected {expected.Count}");
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i] == actual[i], $"{label}, rank {i}: {actual[i]} expected {expected[i]}");
        }
    }

    private static JsonElement Metadata(string json) => JsonDocument.Parse(json).RootElement;
}
