using System.Globalization;
using System.Text;
using Vectron.Index.Query;

namespace Vectron.Functions.Query;

/// <summary>The <c>Server-Timing</c> header of a query: embed, catch-up, load (cache misses), scan and fetch, in ms.</summary>
public static class ServerTiming
{
    public const string HeaderName = "Server-Timing";

    /// <summary>The header value; embed and catch-up overlap (they run side by side), the rest follow in turn.</summary>
    public static string Format(QueryTimings timings)
    {
        var header = new StringBuilder();
        Append(header, "embed", timings.Embed);
        Append(header, "catchup", timings.CatchUp);
        Append(header, "load", timings.Load);
        Append(header, "scan", timings.Scan);
        Append(header, "fetch", timings.Fetch);
        return header.ToString();
    }

    private static void Append(StringBuilder header, string name, TimeSpan duration)
    {
        if (header.Length > 0)
        {
            header.Append(", ");
        }

        header.Append(CultureInfo.InvariantCulture, $"{name};dur={duration.TotalMilliseconds:0.###}");
    }
}
