using System.Text.Json;

namespace Vectron.Functions.LocalHost;

/// <summary>The parts of <c>host.json</c> the local host honours, so routes match the Functions host's.</summary>
public sealed record HostJson(string RoutePrefix)
{
    public const string FileName = "host.json";

    /// <summary>The Functions host's prefix when host.json does not set <c>extensions.http.routePrefix</c>.</summary>
    public const string DefaultRoutePrefix = "api";

    public static async Task<HostJson> ReadAsync(string directory, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return new HostJson(DefaultRoutePrefix);
        }

        await using var stream = File.OpenRead(path);
        using var document = await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }, cancellationToken);
        var prefix = document.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var routePrefix)
            ? routePrefix.GetString()
            : null;
        return new HostJson((prefix ?? DefaultRoutePrefix).Trim('/'));
    }
}
