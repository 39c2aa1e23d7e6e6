using Vectron.Reliability.Tests.Infrastructure;

namespace Vectron.Reliability.Tests.Load;

/// <summary>Samples a process's resident memory at a fixed interval until disposed.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly List<(TimeSpan At, long Bytes)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MemorySampler(ChildProcess process, TimeSpan interval)
    {
        var started = DateTime.UtcNow;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                long bytes = process.ResidentBytes();
                lock (_samples)
                {
                    _samples.Add((DateTime.UtcNow - started, bytes));
                }

                await Task.Delay(interval, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
    }

    public IReadOnlyList<(TimeSpan At, long Bytes)> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    public long MaxBytes => Samples.Select(s => s.Bytes).DefaultIfEmpty().Max();

    /// <summary>The highest sample at or after <paramref name="from"/>.</summary>
    public long MaxBytesFrom(TimeSpan from) => Samples.Where(s => s.At >= from).Select(s => s.Bytes).DefaultIfEmpty().Max();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
