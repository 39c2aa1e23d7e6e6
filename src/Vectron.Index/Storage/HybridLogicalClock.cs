namespace Vectron.Index.Storage;

/// <summary>
/// Hybrid logical clock: Unix milliseconds in the high 48 bits, a counter in the low 16. Strictly increasing per
/// instance even if the wall clock stalls or steps back; <see cref="Observe"/> pulls it past timestamps seen elsewhere.
/// </summary>
public sealed class HybridLogicalClock
{
    private const int CounterBits = 16;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _last;

    public HybridLogicalClock(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    public long Next()
    {
        long physical = _time.GetUtcNow().ToUnixTimeMilliseconds() << CounterBits;
        lock (_gate)
        {
            _last = Math.Max(_last + 1, physical);
            return _last;
        }
    }

    public void Observe(long timestamp)
    {
        lock (_gate)
        {
            _last = Math.Max(_last, timestamp);
        }
    }

    /// <summary>The wall-clock instant a timestamp was taken at.</summary>
    public static DateTimeOffset ToDateTime(long timestamp) => DateTimeOffset.FromUnixTimeMilliseconds(timestamp >> CounterBits);
}
