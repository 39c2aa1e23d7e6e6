using System.Runtime.ExceptionServices;

namespace Vectron.Index.Search;

/// <summary>Splits one search's rows (all blocks laid end to end) into equal contiguous shares, one per thread.</summary>
internal static class RowShares
{
    /// <summary>Runs <paramref name="scan"/> over each share with its own state from <paramref name="create"/>, and
    /// returns the states in share order. One more thread only per <see cref="SearchOptions.MinRowsPerThread"/>
    /// rows. The calling thread and thread-pool work items take shares from a counter, so the caller scans every
    /// share no helper has started and then waits only for shares being scanned: a search never blocks its thread on
    /// a work item still queued behind other searches (which under many concurrent queries starved the pool).</summary>
    public static TState[] Run<TState>(long totalRows, SearchOptions options, Func<TState> create, Action<TState, long, long> scan)
    {
        int degree = (int)Math.Clamp(totalRows / options.MinRowsPerThread, 1, options.MaxDegreeOfParallelism);
        var states = new TState[degree];
        for (int share = 0; share < degree; share++)
        {
            states[share] = create();
        }

        if (degree == 1)
        {
            scan(states[0], 0, totalRows);
            return states;
        }

        var work = new SharedWork<TState>(states, totalRows, scan);
        for (int helper = 1; helper < degree; helper++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static w => w.TakeShares(), work, preferLocal: false);
        }

        work.TakeShares();
        work.WaitForAll();
        return states;
    }

    /// <summary>The pieces of the share <c>[shareStart, shareEnd)</c> of rows laid end to end: the block, the first
    /// row in it, the row count (at most <paramref name="maxRows"/>, so a scan checks for cancellation between
    /// pieces) and the position of that first row among all rows.</summary>
    public static IEnumerable<(int Block, int First, int Count, long Position)> Pieces(IReadOnlyList<ScanBlock> blocks, long shareStart, long shareEnd, int maxRows)
    {
        long blockStart = 0;
        for (int block = 0; block < blocks.Count; block++)
        {
            long blockEnd = blockStart + blocks[block].RowCount;
            long end = Math.Min(shareEnd, blockEnd);
            for (long start = Math.Max(shareStart, blockStart); start < end; start += maxRows)
            {
                yield return (block, (int)(start - blockStart), (int)Math.Min(end - start, maxRows), start);
            }

            blockStart = blockEnd;
        }
    }

    private sealed class SharedWork<TState>(TState[] states, long totalRows, Action<TState, long, long> scan)
    {
        private readonly object _gate = new();
        private int _next = -1;
        private int _done;
        private ExceptionDispatchInfo? _failure;

        public void TakeShares()
        {
            int share;
            while ((share = Interlocked.Increment(ref _next)) < states.Length)
            {
                try
                {
                    scan(states[share], ShareStart(share), ShareStart(share + 1));
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(ex), null);
                }
                finally
                {
                    if (Interlocked.Increment(ref _done) == states.Length)
                    {
                        lock (_gate)
                        {
                            Monitor.PulseAll(_gate);
                        }
                    }
                }
            }
        }

        // Rethrows the first share's own exception (e.g. OperationCanceledException), not an AggregateException.
        public void WaitForAll()
        {
            // The shares left are running on other threads and end about when the caller's did: spin a little first.
            var spinner = default(SpinWait);
            while (Volatile.Read(ref _done) < states.Length && !spinner.NextSpinWillYield)
            {
                spinner.SpinOnce();
            }

            lock (_gate)
            {
                while (Volatile.Read(ref _done) < states.Length)
                {
                    Monitor.Wait(_gate);
                }
            }

            _failure?.Throw();
        }

        private long ShareStart(int share) => totalRows * share / states.Length;
    }
}
