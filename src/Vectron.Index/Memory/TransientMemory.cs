namespace Vectron.Index.Memory;

/// <summary>
/// Hands the memory of large one-off work back to the operating system. A compaction or a segment loaded into the
/// query cache leaves hundreds of MB of garbage (downloaded blobs, decoded rows); the GC frees it at its next full
/// collection but keeps the freed regions committed, so without this an idle instance stayed at two to three times
/// what it held (docs/reliability.md, "Memory"). After such work the engine asks for one aggressive collection, which
/// decommits free regions. Requests within the delay of each other share one collection, so a burst of segment loads
/// costs a single pause.
/// </summary>
internal sealed class TransientMemory(Action collect, TimeSpan delay)
{
    private int _pending;

    /// <summary>The process-wide instance: an aggressive, blocking, compacting full collection one second after the
    /// first request of a burst.</summary>
    public static TransientMemory Shared { get; } = new(
        static () => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true),
        TimeSpan.FromSeconds(1));

    /// <summary>
    /// Starts a full collection in the background, without pausing the process for it. Between the parts of one
    /// compaction: each part's rows live from their segment's decode to the part's upload, long enough to reach
    /// generation 2, and without this the rows of every part piled up there until the compaction ended (one
    /// compaction of a 100k collection lifted the process about 30 MB less with it: docs/benchmarks.md, "Compaction's
    /// transient memory").
    /// </summary>
    public static void CollectInBackground() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false);

    /// <summary>Schedules the collection, unless one is already scheduled and has not started.</summary>
    public void ReleaseSoon()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            await Task.Delay(delay);
            Volatile.Write(ref _pending, 0);
            collect();
        });
    }
}
