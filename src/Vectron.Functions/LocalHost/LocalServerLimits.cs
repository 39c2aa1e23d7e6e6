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

        // MaxRequestBodySize stays Kestrel's 30 MB backstop: route limits are ApiLimits', enforced where each route
        // reads its body. Below the backstop Kestrel discards an unread body after answering, so a client that
        // sent a Content-Length over a route's limit reads its 413 instead of a broken connection.
        limits.MinRequestBodyDataRate = new MinDataRate(MinBodyBytesPerSecond, MinBodyRateGrace);
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
    }
}
