using System.Collections.Concurrent;
using Microsoft.Azure.Functions.Worker;

namespace Vectron.Functions.Tests.LocalHost;

/// <summary>Queue- and timer-triggered methods for testing the local host's runners.</summary>
public sealed class TriggerSamples(TriggerProbe probe)
{
    public const string FailPrefix = "fail";

    /// <summary>A message starting with this runs for <see cref="SlowRun"/>.</summary>
    public const string SlowPrefix = "slow";

    public static readonly TimeSpan SlowRun = TimeSpan.FromSeconds(4);

    public async Task HandleAsync(string message, CancellationToken cancellationToken)
    {
        await Task.Yield();
        probe.Seen.Add(message);
        if (message.StartsWith(SlowPrefix, StringComparison.Ordinal))
        {
            await Task.Delay(SlowRun, cancellationToken);
        }

        if (message.StartsWith(FailPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("sample failure");
        }
    }

    public void Tick(TimerInfo timer) => probe.Ticks.Add(timer);
}

public sealed class TriggerProbe
{
    public ConcurrentBag<string> Seen { get; } = [];

    public ConcurrentBag<TimerInfo> Ticks { get; } = [];
}
