using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Vectron.Reliability.Tests.Infrastructure;

/// <summary>
/// A small HTTP forwarder between the service and Azurite's blob endpoint (Kestrel on a free loopback port) that
/// injects faults by a <see cref="FaultPlan"/> and counts what happened. Requests keep their path, query and headers,
/// so the SDK's shared-key signatures stay valid. Retries are recognised by the SDK's <c>x-ms-client-request-id</c>,
/// which stays the same across the retries of one operation.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase) { "Host", "Connection", "Transfer-Encoding", "Keep-Alive" };
    private readonly WebApplication _app;
    private readonly HttpClient _forward;
    private readonly Uri _target;
    private readonly ConcurrentDictionary<string, int> _attemptsByRequestId = new();
    private readonly Lock _randomLock = new();
    private Random _random;
    private FaultPlan _plan;
    private int _requests;
    private int _throttled;
    private int _lostAnswers;
    private int _delayed;

    private FaultProxy(WebApplication app, Uri target, FaultPlan plan)
    {
        _app = app;
        _target = target;
        _plan = plan;
        _random = new Random(plan.Seed);
        _forward = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public int Port { get; private set; }

    public int Requests => _requests;

    public int Throttled => _throttled;

    public int LostAnswers => _lostAnswers;

    public int Delayed => _delayed;

    /// <summary>Requests that repeated an operation already seen (the SDK's retries).</summary>
    public int Retries => _attemptsByRequestId.Values.Sum(attempts => attempts - 1);

    /// <summary>Changes the faults from the next request on.</summary>
    public FaultPlan Plan
    {
        get => _plan;
        set
        {
            lock (_randomLock)
            {
                _plan = value;
                _random = new Random(value.Seed);
            }
        }
    }

    public static async Task<FaultProxy> StartAsync(int targetPort, FaultPlan plan)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var proxy = new FaultProxy(app, new Uri($"http://127.0.0.1:{targetPort}"), plan);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        proxy.Port = new Uri(app.Urls.Single()).Port;
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _forward.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (context.Request.Headers["x-ms-client-request-id"].ToString() is { Length: > 0 } requestId)
        {
            _attemptsByRequestId.AddOrUpdate(requestId, 1, (_, attempts) => attempts + 1);
        }

        var (throttle, loseAnswer, delay, plan) = Draw();
        if (throttle)
        {
            Interlocked.Increment(ref _throttled);
            await WriteThrottleAsync(context, plan, tooManyRequests: delay > TimeSpan.Zero);
            return;
        }

        if (delay > TimeSpan.Zero)
        {
            Interlocked.Increment(ref _delayed);
            await Task.Delay(delay);
        }

        using var request = CreateForwardRequest(context.Request);
        using var response = await _forward.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        if (loseAnswer)
        {
            // Storage did the work; the caller never hears of it.
            Interlocked.Increment(ref _lostAnswers);
            await WriteThrottleAsync(context, plan, tooManyRequests: false);
            return;
        }

        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopHeaders.Contains(header.Key))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
        }

        if (HttpMethods.IsHead(context.Request.Method) || response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotModified)
        {
            return;
        }

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private (bool Throttle, bool LoseAnswer, TimeSpan Delay, FaultPlan Plan) Draw()
    {
        lock (_randomLock)
        {
            var plan = _plan;
            bool throttle = _random.NextDouble() < plan.ThrottleRate;
            bool loseAnswer = !throttle && _random.NextDouble() < plan.LostAnswerRate;
            bool delayed = _random.NextDouble() < plan.DelayRate;
            var delay = delayed ? TimeSpan.FromTicks((long)(_random.NextDouble() * plan.MaxDelay.Ticks)) + TimeSpan.FromMilliseconds(1) : TimeSpan.Zero;
            return (throttle, loseAnswer, delay, plan);
        }
    }

    private HttpRequestMessage CreateForwardRequest(HttpRequest incoming)
    {
        var request = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(_target, incoming.Path.ToUriComponent() + incoming.QueryString.ToUriComponent()));
        bool hasBody = incoming.ContentLength > 0 || incoming.Headers.TransferEncoding.Count > 0;
        if (hasBody || incoming.ContentLength == 0)
        {
            request.Content = hasBody ? new StreamContent(incoming.Body) : new ByteArrayContent([]);
        }

        foreach (var (name, values) in incoming.Headers)
        {
            if (HopHeaders.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        return request;
    }

    /// <summary>A throttle as Azure Storage answers it: 503 ServerBusy (or 429), an error code header, Retry-After.</summary>
    private static async Task WriteThrottleAsync(HttpContext context, FaultPlan plan, bool tooManyRequests)
    {
        context.Response.StatusCode = tooManyRequests ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers["x-ms-error-code"] = "ServerBusy";
        context.Response.Headers.RetryAfter = plan.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ServerBusy</Code><Message>Injected by the reliability suite.</Message></Error>");
    }
}
