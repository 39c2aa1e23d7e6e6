using Vectron.Index.Memory;

namespace Vectron.Index.Tests.Memory;

public sealed class TransientMemoryTests
{
    [Fact]
    public async Task ReleaseSoon_BurstOfRequests_CollectsOnceAfterTheDelay()
    {
        int collections = 0;
        var memory = new TransientMemory(() => Interlocked.Increment(ref collections), TimeSpan.FromSeconds(1));

        memory.ReleaseSoon();
        memory.ReleaseSoon();
        memory.ReleaseSoon();
        Assert.Equal(0, Volatile.Read(ref collections));

        await WaitForAsync(() => Volatile.Read(ref collections) >= 1);
        await Task.Delay(400);
        Assert.Equal(1, Volatile.Read(ref collections));
    }

    [Fact]
    public async Task ReleaseSoon_AfterACollection_SchedulesAnother()
    {
        int collections = 0;
        var memory = new TransientMemory(() => Interlocked.Increment(ref collections), TimeSpan.FromMilliseconds(50));

        memory.ReleaseSoon();
        await WaitForAsync(() => Volatile.Read(ref collections) == 1);
        memory.ReleaseSoon();
        await WaitForAsync(() => Volatile.Read(ref collections) == 2);

        Assert.Equal(2, Volatile.Read(ref collections));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The collection did not run within 10 s.");
            await Task.Delay(20);
        }
    }
}
