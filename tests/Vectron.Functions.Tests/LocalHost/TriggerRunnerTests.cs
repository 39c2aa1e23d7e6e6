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
        var queueName = TestStorage.UniqueContainerName("q");
        var service = new QueueServiceClient(TestStorage.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var queue = service.GetQueueClient(queueName);
        await queue.CreateAsync();
        var good = Enumerable.Range(0, 7).Select(i => $"message {i} ✓").ToArray();
        foreach (var message in good.Append(TriggerSamples.FailPrefix + " always"))
        {
            await queue.SendMessageAsync(message);
        }

        var settings = new QueueSettings(BatchSize: 4, VisibilityTimeout: TimeSpan.Zero, MaxDequeueCount: 3, MaxPollingInterval: TimeSpan.FromMilliseconds(200));
        var probe = new TriggerProbe();
        await using var services = new ServiceCollection().AddSingleton(probe).BuildServiceProvider();
        var function = new FunctionMetadata("Sample", Script, $"{typeof(TriggerSamples).FullName}.{nameof(TriggerSamples.HandleAsync)}", [new("message", "queueTrigger", "In", QueueName: queueName)]);
        var invoker = TriggerFunctionInvoker<Azure.Storage.Queues.Models.QueueMessage>.Create(function, QueueTriggerRunner.BindMessage);
        using var runner = new QueueTriggerRunner(service, queueName, settings, invoker, services, NullLogger.Instance);
        var poison = service.GetQueueClient(queueName + QueueTriggerRunner.PoisonSuffix);

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
        var queueName = TestStorage.UniqueContainerName("q");
        var service = new QueueServiceClient(TestStorage.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var queue = service.GetQueueClient(queueName);
        await queue.CreateAsync();
        await queue.SendMessageAsync(TriggerSamples.SlowPrefix + " chunk");
        var settings = new QueueSettings(BatchSize: 4, VisibilityTimeout: TimeSpan.Zero, MaxDequeueCount: 3, MaxPollingInterval: TimeSpan.FromMilliseconds(200));
        var probe = new TriggerProbe();
        await using var services = new ServiceCollection().AddSingleton(probe).BuildServiceProvider();
        var function = new FunctionMetadata("Sample", Script, $"{typeof(TriggerSamples).FullName}.{nameof(TriggerSamples.HandleAsync)}", [new("message", "queueTrigger", "In", QueueName: queueName)]);
        var invoker = TriggerFunctionInvoker<Azure.Storage.Queues.Models.QueueMessage>.Create(function, QueueTriggerRunner.BindMessage);

        // The run takes four visibility periods: without renewal the message reappears and runs again meanwhile.
        var visibility = TriggerSamples.SlowRun / 4;
        using var runner = new QueueTriggerRunner(service, queueName, settings, invoker, services, NullLogger.Instance) { ProcessingVisibility = visibility };

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
