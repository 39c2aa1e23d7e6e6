using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace Vectron.Functions.LocalHost;

/// <summary>
/// Runs one timer-triggered function on its NCRONTAB schedule (five fields, or six with seconds as the Functions
/// host allows). A failed run is logged and the next occurrence runs as scheduled, as in the Functions host.
/// </summary>
internal sealed partial class TimerTriggerRunner(
    CrontabSchedule schedule,
    TriggerFunctionInvoker<TimerInfo> invoker,
    IServiceProvider services,
    TimeProvider time,
    ILogger logger) : BackgroundService
{
    public static CrontabSchedule ParseSchedule(string expression)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        var withSeconds = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6;
        return CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = withSeconds });
    }

    public static Func<TimerInfo, object?>? BindTimer(Type type) => type == typeof(TimerInfo) ? timer => timer : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var last = time.GetUtcNow().UtcDateTime;
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.GetNextOccurrence(time.GetUtcNow().UtcDateTime);
            var wait = next - time.GetUtcNow().UtcDateTime;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }

            var timer = new TimerInfo
            {
                ScheduleStatus = new ScheduleStatus { Last = last, Next = schedule.GetNextOccurrence(next), LastUpdated = time.GetUtcNow().UtcDateTime },
                IsPastDue = false,
            };
            try
            {
                await invoker.InvokeAsync(services, timer, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, invoker.Name, exception);
            }

            last = next;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer function {Function} failed; it runs again at its next occurrence")]
    private static partial void LogFailed(ILogger logger, string function, Exception exception);
}
