using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Vectron.Functions.LocalHost;
using Vectron.Testing;

namespace Vectron.Functions.Tests.LocalHost;

/// <summary>The local host's queue and timer runners against Azurite, with the Functions host's retry and poison rules.</summary>
public sealed class TriggerRunnerTests
{
    private const string Script = "Vectron.Functions.Tests.dll";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task QueueRunner_GoodAndFailingMessages_DeletesGoodAndPoisonsFailingAfterMaxDequeueCount()
    {
        var good = Enumerable.Range(0, 7).Select(i => $"message {i} ✓").ToArray();
        await using var rig = await QueueRig.CreateAsync(good.Append(TriggerSamples.FailPrefix + " always"));
        var (queue, probe, settings) = (rig.Queue, rig.Probe, QueueRig.Settings);
        using var runner = rig.Runner();
        var poison = rig.Service.GetQueueClient(rig.Queue.Name + QueueTriggerRunner.PoisonSuffix);

        await runner.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync(10)).Value.Length == 1
                && (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
        }

        Assert.Equal(good.Order(), probe.Seen.Where(m => !m.StartsWith(TriggerSamples.FailPrefix, StringComparison.Ordinal)).Order());
        Assert.Equal(settings.MaxDequeueCount, probe.Seen.Count(m => m.StartsWith(TriggerSamples.FailPrefix, StringComparison.Ordinal)));
        Assert.Equal(TriggerSamples.FailPrefix + " always", (await poison.ReceiveMessageAsync()).Value.Body.ToString());
        await queue.DeleteAsync();
        await poison.DeleteAsync();
    }

    [Fact]
    public async Task QueueRunner_MessageRunningLongerThanItsVisibility_IsRenewedAndRunsOnce()
    {
        await using var rig = await QueueRig.CreateAsync([TriggerSamples.SlowPrefix + " chunk"]);
        var (queue, probe) = (rig.Queue, rig.Probe);

        // The run takes two visibility periods: without renewal the message reappears and runs again meanwhile.
        // Not shorter: queue visibility has whole-second precision, so a one-second period renewed every half second
        // left the renewal at most half a second, and on a busy machine it sometimes came too late (failed in a
        // fresh-clone run on 2026-12-07, the message delivered twice).
        var visibility = TriggerSamples.SlowRun / 2;
        using var runner = rig.Runner(visibility);

        await runner.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(async () => !probe.Seen.IsEmpty && (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);
            await Task.Delay(visibility * 2);
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
        }

        Assert.Equal([TriggerSamples.SlowPrefix + " chunk"], probe.Seen);
        await queue.DeleteAsync();
    }

    [Fact]
    public async Task TimerRunner_EverySecond_InvokesWithScheduleStatus()
    {
        var probe = new TriggerProbe();
        await using var services = new ServiceCollection().AddSingleton(probe).BuildServiceProvider();
        var function = new FunctionMetadata("Tick", Script, $"{typeof(TriggerSamples).FullName}.{nameof(TriggerSamples.Tick)}", [new("timer", "timerTrigger", "In", Schedule: "* * * * * *")]);
        var invoker = TriggerFunctionInvoker<Microsoft.Azure.Functions.Worker.TimerInfo>.Create(function, TimerTriggerRunner.BindTimer);
        using var runner = new TimerTriggerRunner(TimerTriggerRunner.ParseSchedule("* * * * * *"), invoker, services, TimeProvider.System, NullLogger.Instance);

        await runner.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(() => Task.FromResult(probe.Ticks.Count >= 2));
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
        }

        Assert.All(probe.Ticks, t => Assert.True(t.ScheduleStatus!.Next > t.ScheduleStatus.Last));
    }

    [Theory]
    [InlineData("0 */5 * * * *", "2026-01-01T00:03:10Z", "2026-01-01T00:05:00Z")]
    [InlineData("*/5 * * * *", "2026-01-01T00:03:10Z", "2026-01-01T00:05:00Z")]
    [InlineData("30 0 * * * *", "2026-01-01T00:00:31Z", "2026-01-01T01:00:30Z")]
    public void ParseSchedule_FiveOrSixFields_NextOccurrenceAsFunctionsHost(string expression, string from, string expected)
    {
        var next = TimerTriggerRunner.ParseSchedule(expression).GetNextOccurrence(DateTime.Parse(from, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal));

        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal), next);
    }

    [Fact]
    public void AddTriggerRunners_UnbindableParameter_FailsTheStart()
    {
        var function = new FunctionMetadata("Tick", Script, $"{typeof(TriggerSamples).FullName}.{nameof(TriggerSamples.Tick)}", [new("message", "queueTrigger", "In", QueueName: "q-x")]);

        var error = Assert.Throws<InvalidOperationException>(() => LocalFunctionsHost.AddTriggerRunners(new ServiceCollection(), [function], new QueueSettings()));

        Assert.Contains("timer", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A fresh queue holding the given messages, and runners of <see cref="TriggerSamples.HandleAsync"/> on it.</summary>
    private sealed class QueueRig : IAsyncDisposable
    {
        public static readonly QueueSettings Settings = new(BatchSize: 4, VisibilityTimeout: TimeSpan.Zero, MaxDequeueCount: 3, MaxPollingInterval: TimeSpan.FromMilliseconds(200));

        private readonly ServiceProvider services;
        private readonly TriggerFunctionInvoker<Azure.Storage.Queues.Models.QueueMessage> invoker;

        private QueueRig(QueueServiceClient service, QueueClient queue)
        {
            Service = service;
            Queue = queue;
            services = new ServiceCollection().AddSingleton(Probe).BuildServiceProvider();
            var function = new FunctionMetadata("Sample", Script, $"{typeof(TriggerSamples).FullName}.{nameof(TriggerSamples.HandleAsync)}", [new("message", "queueTrigger", "In", QueueName: queue.Name)]);
            invoker = TriggerFunctionInvoker<Azure.Storage.Queues.Models.QueueMessage>.Create(function, QueueTriggerRunner.BindMessage);
        }

        public QueueServiceClient Service { get; }

        public QueueClient Queue { get; }

        public TriggerProbe Probe { get; } = new();

        public static async Task<QueueRig> CreateAsync(IEnumerable<string> messages)
        {
            var service = new QueueServiceClient(TestStorage.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            var queue = service.GetQueueClient(TestStorage.UniqueContainerName("q"));
            await queue.CreateAsync();
            foreach (var message in messages)
            {
                await queue.SendMessageAsync(message);
            }

            return new QueueRig(service, queue);
        }

        public QueueTriggerRunner Runner(TimeSpan? processingVisibility = null) => processingVisibility is { } visibility
            ? new QueueTriggerRunner(Service, Queue.Name, Settings, invoker, services, NullLogger.Instance) { ProcessingVisibility = visibility }
            : new QueueTriggerRunner(Service, Queue.Name, Settings, invoker, services, NullLogger.Instance);

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }

    // A deadline for something that normally takes well under a second, not a performance assertion.
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
