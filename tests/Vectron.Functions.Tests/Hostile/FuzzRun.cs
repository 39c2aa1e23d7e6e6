using System.Collections.Concurrent;
using System.Diagnostics;

namespace Vectron.Functions.Tests.Hostile;

/// <summary>
/// One request of a run and what came of it: an answer, or the reason there was none. Bodies are not kept (the
/// request's is dropped, the answer's cut short), so a long run's memory is the server's, not the record's.
/// </summary>
internal sealed record FuzzOutcome(int Index, string Description, RawRequest Request, RawResponse? Response, string? Failure)
{
    public bool IsServerError => Response is { Status: >= 500 };

    public static FuzzOutcome Of(int index, RawRequest request, RawResponse? response, string? failure) => new(
        index,
        request.ToString(),
        request with { Body = [] },
        response is null ? null : response with { Text = response.Text.Length <= 400 ? response.Text : response.Text[..400] + "..." },
        failure);

    public override string ToString() =>
        $"#{Index} {Description} -> {(Response is { } r ? $"{r.Status} in {r.Elapsed.TotalMilliseconds:0} ms {r.Text}" : Failure)}";
}

/// <summary>
/// Sends requests over raw HTTP from a few concurrent clients, collects every outcome and samples the process's
/// resident memory (the host runs in this process) while it runs.
/// </summary>
internal sealed class FuzzRun
{
    /// <summary>
    /// How long one answer may take before the request counts as hung. Not a performance figure: generous enough for
    /// a loaded 2-core CI machine, and far below "never".
    /// </summary>
    public static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(90);

    private const int Clients = 4;

    public required IReadOnlyList<FuzzOutcome> Outcomes { get; init; }

    public required long BaselineRssBytes { get; init; }

    public required long PeakRssBytes { get; init; }

    public required TimeSpan Duration { get; init; }

    public static async Task<FuzzRun> RunAsync(Uri server, int count, Func<int, RawRequest> requestAt)
    {
        var outcomes = new ConcurrentBag<FuzzOutcome>();
        var baseline = Environment.WorkingSet;
        var peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, Environment.WorkingSet);
                await Task.Delay(50, CancellationToken.None);
            }
        });

        var clock = Stopwatch.StartNew();
        var next = -1;
        var clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var request = requestAt(index);
                try
                {
                    outcomes.Add(FuzzOutcome.Of(index, request, await RawHttp.SendAsync(server, request, AnswerBound), null));
                }
                catch (Exception exception) when (exception is TimeoutException or IOException or System.Net.Sockets.SocketException)
                {
                    outcomes.Add(FuzzOutcome.Of(index, request, null, exception.GetType().Name + ": " + exception.Message));
                }
            }
        }));
        await Task.WhenAll(clients);
        var duration = clock.Elapsed;
        await stop.CancelAsync();
        await sampler;

        return new FuzzRun
        {
            Outcomes = [.. outcomes.OrderBy(o => o.Index)],
            BaselineRssBytes = baseline,
            PeakRssBytes = Math.Max(peak, Environment.WorkingSet),
            Duration = duration,
        };
    }

    public IEnumerable<FuzzOutcome> ServerErrors => Outcomes.Where(o => o.IsServerError);

    public IEnumerable<FuzzOutcome> Unanswered => Outcomes.Where(o => o.Response is not { Answered: true });

    /// <summary>
    /// The figures for docs/reliability.md: requests (all hostile, so also <c>badInputs</c>), per kind and per status,
    /// 5xx and unanswered counts, the slowest answer, memory; <paramref name="documentsVerified"/> canary documents
    /// read back after the run, <paramref name="lost"/> of them changed or missing.
    /// </summary>
    public object Figures(int documentsVerified, int lost) => new Dictionary<string, object>
    {
        ["requests"] = Outcomes.Count,
        ["badInputs"] = Outcomes.Count,
        ["faultsInjected"] = 0,
        ["documentsVerified"] = documentsVerified,
        ["lost"] = lost,
        ["perKind"] = string.Join(", ", Outcomes.GroupBy(o => o.Request.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")),
        ["perStatus"] = string.Join(", ", Outcomes.Where(o => o.Response is { Answered: true }).GroupBy(o => o.Response!.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")),
        ["answered2xx"] = Outcomes.Count(o => o.Response is { Status: >= 200 and < 300 }),
        ["answered4xx"] = Outcomes.Count(o => o.Response is { Status: >= 400 and < 500 }),
        ["answered5xx"] = ServerErrors.Count(),
        ["unanswered"] = Unanswered.Count(),
        ["maxLatencyMs"] = Math.Round(Outcomes.Where(o => o.Response is { Answered: true }).Select(o => o.Response!.Elapsed.TotalMilliseconds).DefaultIfEmpty().Max()),
        ["durationSeconds"] = Math.Round(Duration.TotalSeconds, 1),
        ["baselineRssMiB"] = BaselineRssBytes >> 20,
        ["peakRssMiB"] = PeakRssBytes >> 20,
    };
}
