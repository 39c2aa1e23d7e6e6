using Microsoft.AspNetCore.Mvc;

namespace Vectron.Functions.Http;

/// <summary>An RFC 7807 answer, <c>application/problem+json</c>, with an optional <c>Retry-After</c> header.</summary>
public sealed class ProblemResult : ObjectResult
{
    public const string ContentType = "application/problem+json";

    public ProblemResult(ProblemDetails problem, TimeSpan? retryAfter = null)
        : base(problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        StatusCode = problem.Status;
        ContentTypes.Add(ContentType);
        RetryAfter = retryAfter;
    }

    public ProblemDetails Problem => (ProblemDetails)Value!;

    /// <summary>Sent as whole seconds in <c>Retry-After</c> when set.</summary>
    public TimeSpan? RetryAfter { get; }

    public override void OnFormatting(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        base.OnFormatting(context);
        if (RetryAfter is { } wait)
        {
            var seconds = (long)Math.Ceiling(wait.TotalSeconds);
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, seconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
