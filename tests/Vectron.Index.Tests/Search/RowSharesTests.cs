using System.Collections.Concurrent;
using Vectron.Index.Search;

namespace Vectron.Index.Tests.Search;

public sealed class RowSharesTests
{
    [Fact]
    public void Run_ManySearchesAtOnce_EveryShareScannedOnceInOrder()
    {
        var options = new SearchOptions { MaxDegreeOfParallelism = 3, MinRowsPerThread = 10 };

        // More concurrent searches than pool threads: each must finish even when its helpers never start.
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 64 }, search =>
        {
            long total = 10 + (search * 7);
            var seen = new ConcurrentBag<(long Start, long End)>();
            int[][] states = RowShares.Run(total, options, () => new int[1], (state, start, end) =>
            {
                state[0]++;
                seen.Add((start, end));
            });

            Assert.All(states, state => Assert.Equal(1, state[0]));
            (long Start, long End)[] ranges = [.. seen.OrderBy(r => r.Start)];
            Assert.Equal(0, ranges[0].Start);
            Assert.Equal(total, ranges[^1].End);
            Assert.All(ranges.Zip(ranges.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
        });
    }

    [Fact]
    public void Run_AShareThrows_RethrowsItsOwnException()
    {
        var options = new SearchOptions { MaxDegreeOfParallelism = 2, MinRowsPerThread = 10 };

        Assert.Throws<OperationCanceledException>(() => RowShares.Run(100, options, () => 0, (_, start, _) =>
        {
            if (start > 0)
            {
                throw new OperationCanceledException();
            }
        }));
    }
}
