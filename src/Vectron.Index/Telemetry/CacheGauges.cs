using System.Runtime.CompilerServices;
using Vectron.Index.Query;

namespace Vectron.Index.Telemetry;

/// <summary>
/// The segment caches alive in the process, held weakly, summed for the observable gauges. A process serves one
/// cache (the query service is a singleton); tests create many, which then do not keep each other alive.
/// </summary>
internal static class CacheGauges
{
    private static readonly ConditionalWeakTable<SegmentCache, object?> Caches = [];

    public static void Add(SegmentCache cache) => Caches.AddOrUpdate(cache, null);

    public static long BytesHeld() => Sum(static c => c.BytesHeld);

    public static long Budget() => Sum(static c => c.BudgetBytes);

    private static long Sum(Func<SegmentCache, long> value)
    {
        long sum = 0;
        foreach (KeyValuePair<SegmentCache, object?> cache in Caches)
        {
            sum += value(cache.Key);
        }

        return sum;
    }
}
