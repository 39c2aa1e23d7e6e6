using Vectron.Index.Storage;

namespace Vectron.Index.Tests.Storage;

public sealed class HybridLogicalClockTests
{
    [Fact]
    public void Next_WallClockStandingStillOrSteppingBack_StaysStrictlyIncreasing()
    {
        var time = new SteppedTime(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var clock = new HybridLogicalClock(time);
        var random = new Random(71);
        long previous = clock.Next();
        for (int i = 0; i < 10_000; i++)
        {
            time.Now += TimeSpan.FromMilliseconds(random.Next(-5, 6));

            long next = clock.Next();

            Assert.True(next > previous);
            previous = next;
        }
    }

    [Fact]
    public void Observe_TimestampAhead_NextOrdersAfterIt()
    {
        var time = new SteppedTime(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var clock = new HybridLogicalClock(time);
        long remote = new HybridLogicalClock(new SteppedTime(time.Now.AddMinutes(5))).Next();

        clock.Observe(remote);

        Assert.True(clock.Next() > remote);
        Assert.Equal(time.Now.AddMinutes(5), HybridLogicalClock.ToDateTime(remote));
    }

    private sealed class SteppedTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
