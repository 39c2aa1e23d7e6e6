using Vectron.Index.Query;

namespace Vectron.Index.Tests.Query;

public sealed class SegmentCacheTests
{
    [Fact]
    public async Task GetOrLoadAsync_RandomSizesAndKeys_NeverHoldsMoreThanBudget()
    {
        var random = new Random(511);
        for (int round = 0; round < 20; round++)
        {
            long budget = random.Next(0, 5_000);
            var cache = new SegmentCache(budget);
            var sizes = new Dictionary<SegmentPartKey, long>();
            for (int op = 0; op < 300; op++)
            {
                var key = new SegmentPartKey($"b{random.Next(40)}", $"e{random.Next(2)}", (SegmentPart)random.Next(3));
                long size = sizes.TryGetValue(key, out long known) ? known : sizes[key] = random.Next(0, 1_500);
                if (random.Next(10) == 0)
                {
                    cache.Remove(key);
                }
                else
                {
                    Assert.Equal(key.BlobName, await cache.GetOrLoadAsync(key, () => Task.FromResult((key.BlobName, size))));
                }

                Assert.InRange(cache.BytesHeld, 0, budget);
            }
        }
    }

    [Fact]
    public async Task GetOrLoadAsync_FullBudget_EvictsLeastRecentlyUsedFirst()
    {
        var cache = new SegmentCache(300);
        SegmentPartKey a = Key("a"), b = Key("b"), c = Key("c"), d = Key("d");
        await Load(cache, a, 100);
        await Load(cache, b, 100);
        await Load(cache, c, 100);
        Assert.True(cache.TryGet(a, out string _));

        await Load(cache, d, 100);

        Assert.True(cache.TryGet(a, out string _));
        Assert.False(cache.TryGet(b, out string _));
        Assert.True(cache.TryGet(c, out string _));
        Assert.Equal(300, cache.BytesHeld);
        Assert.Equal(1, cache.Evictions);
    }

    [Fact]
    public async Task GetOrLoadAsync_PartLargerThanBudget_IsReturnedButNotKept()
    {
        var cache = new SegmentCache(100);
        await Load(cache, Key("small"), 60);

        string value = await cache.GetOrLoadAsync(Key("huge"), () => Task.FromResult(("huge", 101L)));

        Assert.Equal("huge", value);
        Assert.False(cache.TryGet(Key("huge"), out string _));
        Assert.True(cache.TryGet(Key("small"), out string _));
    }

    [Fact]
    public async Task GetOrLoadAsync_ConcurrentCallers_ShareOneLoad()
    {
        var cache = new SegmentCache(1_000);
        var release = new TaskCompletionSource();
        int loads = 0;
        Task<string>[] callers = Enumerable.Range(0, 16)
            .Select(_ => cache.GetOrLoadAsync(Key("x"), async () =>
            {
                Interlocked.Increment(ref loads);
                await release.Task;
                return ("x", 10L);
            }))
            .ToArray();

        release.SetResult();
        string[] values = await Task.WhenAll(callers);

        Assert.Equal(1, loads);
        Assert.Equal(1, cache.Loads);
        Assert.All(values, v => Assert.Equal("x", v));
    }

    [Fact]
    public async Task GetOrLoadAsync_FailedLoad_IsNotCachedAndRetriedNextTime()
    {
        var cache = new SegmentCache(1_000);

        await Assert.ThrowsAsync<IOException>(() => cache.GetOrLoadAsync<string>(Key("x"), () => throw new IOException("down")));
        string value = await cache.GetOrLoadAsync(Key("x"), () => Task.FromResult(("x", 1L)));

        Assert.Equal("x", value);
        Assert.Equal(2, cache.Loads);
    }

    private static SegmentPartKey Key(string blob) => new(blob, "etag", SegmentPart.Vectors);

    private static Task<string> Load(SegmentCache cache, SegmentPartKey key, long bytes) =>
        cache.GetOrLoadAsync(key, () => Task.FromResult((key.BlobName, bytes)));
}
