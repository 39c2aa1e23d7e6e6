namespace Vectron.Index.Search;

/// <summary>Splits one search's rows (all blocks laid end to end) into equal contiguous shares, one per thread.</summary>
internal static class RowShares
{
    /// <summary>Runs <paramref name="scan"/> over each share with its own state from <paramref name="create"/>: the
    /// calling thread scans the first share, thread-pool tasks the others; one more thread only per
    /// <see cref="SearchOptions.MinRowsPerThread"/> rows. Returns the states in share order.</summary>
    public static TState[] Run<TState>(long totalRows, SearchOptions options, Func<TState> create, Action<TState, long, long> scan)
    {
        int degree = (int)Math.Clamp(totalRows / options.MinRowsPerThread, 1, options.MaxDegreeOfParallelism);
        var states = new TState[degree];
        var others = new Task[degree - 1];
        for (int worker = 1; worker < degree; worker++)
        {
            int share = worker;
            states[share] = create();
            others[worker - 1] = Task.Factory.StartNew(
                () => scan(states[share], ShareStart(share), ShareStart(share + 1)),
                CancellationToken.None,
                TaskCreationOptions.DenyChildAttach,
                TaskScheduler.Default);
        }

        states[0] = create();
        scan(states[0], 0, ShareStart(1));
        foreach (Task other in others)
        {
            // Rethrows a worker's own exception (e.g. OperationCanceledException), not an AggregateException.
            other.GetAwaiter().GetResult();
        }

        return states;

        long ShareStart(int share) => totalRows * share / degree;
    }

    /// <summary>The pieces of the share <c>[shareStart, shareEnd)</c> of rows laid end to end: the block, the first
    /// row in it, the row count (at most <paramref name="maxRows"/>, so a scan checks for cancellation between
    /// pieces) and the position of that first row among all rows.</summary>
    public static IEnumerable<(int Block, int First, int Count, long Position)> Pieces(IReadOnlyList<int> rowCounts, long shareStart, long shareEnd, int maxRows)
    {
        long blockStart = 0;
        for (int block = 0; block < rowCounts.Count; block++)
        {
            long blockEnd = blockStart + rowCounts[block];
            long end = Math.Min(shareEnd, blockEnd);
            for (long start = Math.Max(shareStart, blockStart); start < end; start += maxRows)
            {
                yield return (block, (int)(start - blockStart), (int)Math.Min(end - start, maxRows), start);
            }

            blockStart = blockEnd;
        }
    }
}
