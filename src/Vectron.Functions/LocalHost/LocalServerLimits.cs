using Microsoft.AspNetCore.Server.Kestrel.Core;
using Vectron.Functions.Http;

namespace Vectron.Functions.LocalHost;

/// <summary>
/// Kestrel's limits for the local host, chosen so that hostile clients cost bounded time and memory (docs/reliability.md
/// "Hostile input"). Route limits stay in <see cref="ApiLimits"/>; this is the server-wide backstop.
/// </summary>
internal static class LocalServerLimits
{
    /// <summary>A body trickled slower than this is cut off with 408 once <see cref="MinBodyRateGrace"/> has passed.</summary>
    public const double MinBodyBytesPerSecond = 240;

    public static readonly TimeSpan MinBodyRateGrace = TimeSpan.FromSeconds(5);

    /// <summary>All headers must arrive within this time (Kestrel's default is 30 s).</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(10);

    public static void Apply(KestrelServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);

        // The largest JSON route's limit: a body beyond it is refused (413) by Kestrel even on a route that never
        // reads it. Routes with a larger limit (bulk) raise it for their own request.
        limits.MaxRequestBodySize = ApiLimits.MaxDocumentsBodyBytes;
        limits.MinRequestBodyDataRate = new MinDataRate(MinBodyBytesPerSecond, MinBodyRateGrace);
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
    }
}
