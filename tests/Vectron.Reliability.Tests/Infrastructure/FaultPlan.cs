namespace Vectron.Reliability.Tests.Infrastructure;

/// <summary>
/// What the <see cref="FaultProxy"/> does to each storage request, decided by a seeded random draw: answer a
/// throttle itself (503 ServerBusy or 429, with Retry-After, as Azure does) without forwarding; forward and then
/// lose the answer (503 after storage did the work, the case that makes retried writes meet their own result);
/// or forward after a delay.
/// </summary>
internal sealed record FaultPlan(double ThrottleRate = 0, double LostAnswerRate = 0, double DelayRate = 0, TimeSpan MaxDelay = default, int RetryAfterSeconds = 1, int Seed = 1)
{
    /// <summary>Every request forwarded untouched.</summary>
    public static FaultPlan None { get; } = new();
}
