using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vectron.Index.Telemetry;

namespace Vectron.Functions.Hosting;

/// <summary>
/// A logging scope naming the collection and the request, so every line a function logs carries both as structured
/// fields (<c>vectron.collection</c>, <c>vectron.request_id</c>; exported as attributes when scopes are included):
/// <code>using var scope = logger.BeginCollectionScope(name, request);</code>
/// </summary>
public static class CollectionLogScope
{
    /// <summary>The request id field: the HTTP request's trace identifier, or a queue message's id.</summary>
    public const string RequestId = "vectron.request_id";

    /// <summary>A scope for an HTTP function; the request id is <see cref="HttpContext.TraceIdentifier"/>.</summary>
    public static IDisposable? BeginCollectionScope(this ILogger logger, string collection, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return logger.BeginCollectionScope(collection, request.HttpContext.TraceIdentifier);
    }

    /// <summary>A scope for work that is not an HTTP request (a queue message, a timer run), with its own id.</summary>
    public static IDisposable? BeginCollectionScope(this ILogger logger, string collection, string requestId)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return logger.BeginScope(new Fields(collection, requestId));
    }

    /// <summary>The scope's state: a list of fields, which logging providers turn into structured properties.</summary>
    private sealed class Fields(string collection, string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 2;

        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new(TelemetryTags.Collection, collection),
            1 => new(RequestId, requestId),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
            yield return this[1];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"{TelemetryTags.Collection}:{collection} {RequestId}:{requestId}";
    }
}
