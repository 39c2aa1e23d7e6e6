using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Vectron.Index.Collections;
using Vectron.Index.Ingestion;
using Vectron.Index.Search.Filters;

namespace Vectron.Functions.Http;

/// <summary>
/// The one mapping from Vectron's typed errors to HTTP problem details (the engine already turns storage throttling
/// and outages into <see cref="StorageUnavailableException"/>). Every HTTP function runs its body through
/// <see cref="HandleAsync"/>, so both hosts (the Functions worker and the local host) answer errors identically.
/// </summary>
public static partial class Problems
{
    /// <summary>
    /// Runs <paramref name="action"/>; a Vectron error becomes a problem answer. A storage outage is logged to
    /// <paramref name="logger"/> with its cause, which the client is not shown (it can name storage internals).
    /// </summary>
    public static async Task<IActionResult> HandleAsync(Func<Task<IActionResult>> action, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(logger);
        try
        {
            return await action();
        }
        catch (Exception exception) when (TryMap(exception) is { } problem)
        {
            if (exception is StorageUnavailableException)
            {
                LogStorageUnavailable(logger, exception);
            }

            return problem;
        }
    }

    /// <summary>The problem answer for <paramref name="exception"/>, or null when it is a bug (left to surface as 500).</summary>
    public static ProblemResult? TryMap(Exception exception) => exception switch
    {
        VectronValidationException invalid => Validation(invalid.Field, invalid.Message),
        RequestTooLargeException tooLarge => FieldProblem(HttpStatusCode.RequestEntityTooLarge, JsonRequest.BodyField, tooLarge.Message),

        // The server's own body checks (size limit, minimum data rate, malformed chunking) surface while a function
        // reads the body; they are the client's fault and keep their 4xx status.
        BadHttpRequestException { StatusCode: >= 400 and < 500 } badRequest => FieldProblem((HttpStatusCode)badRequest.StatusCode, JsonRequest.BodyField, badRequest.Message),
        InvalidFilterException filter => Validation(filter.Path, filter.Reason),
        CollectionNotFoundException missing => NotFound(missing.Message),
        BulkJobNotFoundException missingJob => NotFound(missingJob.Message),
        CollectionConflictException conflict => Create(HttpStatusCode.Conflict, "Conflict", conflict.Message),
        StorageUnavailableException down => Create(
            HttpStatusCode.ServiceUnavailable,
            "Storage unavailable",
            "Blob storage is throttled or unavailable; nothing was half-written. Retry after the time in Retry-After.",
            down.RetryAfter),
        _ => null,
    };

    /// <summary>A 404 for something other than a collection (a document), described by <paramref name="detail"/>.</summary>
    public static ProblemResult NotFound(string detail) => Create(HttpStatusCode.NotFound, "Not found", detail);

    /// <summary>A 401: the route needs a key the request did not carry (the local host's <c>Vectron:ApiKey</c>).</summary>
    public static ProblemResult Unauthorized(string detail) => Create(HttpStatusCode.Unauthorized, "Unauthorized", detail);

    /// <summary>A 400 whose <c>errors</c> member names the one offending field.</summary>
    public static ProblemResult Validation(string field, string message) => FieldProblem(HttpStatusCode.BadRequest, field, message);

    private static ProblemResult FieldProblem(HttpStatusCode status, string field, string message)
    {
        var problem = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = (int)status,
            Title = status switch
            {
                HttpStatusCode.RequestEntityTooLarge => "Request too large",
                HttpStatusCode.RequestTimeout => "Request timeout",
                _ => "Invalid request",
            },
            Detail = message,
            Type = TypeFor(status),
        };
        return new ProblemResult(problem);
    }

    private static ProblemResult Create(HttpStatusCode status, string title, string detail, TimeSpan? retryAfter = null)
        => new(new ProblemDetails { Status = (int)status, Title = title, Detail = detail, Type = TypeFor(status) }, retryAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered 503: blob storage is unavailable")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception);

    private static string TypeFor(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        HttpStatusCode.Unauthorized => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        HttpStatusCode.RequestTimeout => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.9",
        HttpStatusCode.RequestEntityTooLarge => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        HttpStatusCode.NotFound => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        HttpStatusCode.Conflict => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        HttpStatusCode.ServiceUnavailable => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        _ => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5",
    };
}
