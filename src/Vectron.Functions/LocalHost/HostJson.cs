using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Vectron.Functions.LocalHost;

/// <summary>The parts of <c>host.json</c> the local host honours, so routes and queue behaviour match the Functions host's.</summary>
public sealed record HostJson(string RoutePrefix, QueueSettings Queues)
{
    public const string FileName = "host.json";

    /// <summary>The Functions host's prefix when host.json does not set <c>extensions.http.routePrefix</c>.</summary>
    public const string DefaultRoutePrefix = "api";

    public static async Task<HostJson> ReadAsync(string directory, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return new HostJson(DefaultRoutePrefix, new QueueSettings());
        }

        await using var stream = File.OpenRead(path);
        using var document = await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }, cancellationToken);
        var extensions = document.RootElement.TryGetProperty("extensions", out var found) ? found : default;
        var prefix = Section(extensions, "http") is { } http && http.TryGetProperty("routePrefix", out var routePrefix) ? routePrefix.GetString() : null;
        return new HostJson((prefix ?? DefaultRoutePrefix).Trim('/'), QueueSettings.From(Section(extensions, "queues")));
    }

    private static JsonElement? Section(JsonElement extensions, string name)
        => extensions.ValueKind == JsonValueKind.Object && extensions.TryGetProperty(name, out var section) ? section : null;
}

/// <summary>
/// host.json's <c>extensions.queues</c>, with the Functions host's defaults: how many messages are fetched at once,
/// how long a failed message stays invisible before its retry, after how many dequeues it goes to
/// <c>&lt;queue&gt;-poison</c>, and the longest wait between polls of an empty queue.
/// </summary>
public sealed record QueueSettings(int BatchSize = 16, TimeSpan VisibilityTimeout = default, int MaxDequeueCount = 5, TimeSpan? MaxPollingInterval = null, TimeSpan? ProcessingVisibility = null)
{
    /// <summary>The Functions host's default longest wait between polls of an empty queue.</summary>
    public static readonly TimeSpan DefaultMaxPollingInterval = TimeSpan.FromMinutes(1);

    /// <summary>How long a fetched message stays invisible while it runs: the Functions host's 10 minutes.</summary>
    public static readonly TimeSpan DefaultProcessingVisibility = TimeSpan.FromMinutes(10);

    public TimeSpan PollingInterval => MaxPollingInterval ?? DefaultMaxPollingInterval;

    /// <summary>
    /// Also how long the messages of a crashed instance stay invisible before another one retries them. The local
    /// host alone lets <c>AzureFunctionsJobHost__extensions__queues__processingVisibility</c> shorten it (crash
    /// tests); like the Functions host, the local host renews it at half this while the function runs.
    /// </summary>
    public TimeSpan MessageVisibility => ProcessingVisibility ?? DefaultProcessingVisibility;

    /// <summary>
    /// Where app settings override host.json's queue settings, as in the Functions host
    /// (<c>AzureFunctionsJobHost__extensions__queues__maxPollingInterval</c>, ...).
    /// </summary>
    public const string OverrideSection = "AzureFunctionsJobHost:extensions:queues";

    /// <summary>These settings with any present in <see cref="OverrideSection"/> of <paramref name="configuration"/> replacing them.</summary>
    public QueueSettings WithOverrides(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(OverrideSection);
        return new QueueSettings(
            section["batchSize"] is { } batch ? int.Parse(batch, CultureInfo.InvariantCulture) : BatchSize,
            section["visibilityTimeout"] is { } visibility ? TimeSpan.Parse(visibility, CultureInfo.InvariantCulture) : VisibilityTimeout,
            section["maxDequeueCount"] is { } dequeues ? int.Parse(dequeues, CultureInfo.InvariantCulture) : MaxDequeueCount,
            section["maxPollingInterval"] is { } polling ? TimeSpan.Parse(polling, CultureInfo.InvariantCulture) : MaxPollingInterval,
            section["processingVisibility"] is { } processing ? TimeSpan.Parse(processing, CultureInfo.InvariantCulture) : ProcessingVisibility);
    }

    internal static QueueSettings From(JsonElement? section)
    {
        var defaults = new QueueSettings();
        if (section is not { ValueKind: JsonValueKind.Object } queues)
        {
            return defaults;
        }

        return new QueueSettings(
            queues.TryGetProperty("batchSize", out var batch) ? batch.GetInt32() : defaults.BatchSize,
            queues.TryGetProperty("visibilityTimeout", out var visibility) ? Duration(visibility) : defaults.VisibilityTimeout,
            queues.TryGetProperty("maxDequeueCount", out var dequeues) ? dequeues.GetInt32() : defaults.MaxDequeueCount,
            queues.TryGetProperty("maxPollingInterval", out var polling) ? Duration(polling) : null);
    }

    // host.json writes durations as "hh:mm:ss" strings or as milliseconds.
    private static TimeSpan Duration(JsonElement value) => value.ValueKind == JsonValueKind.Number
        ? TimeSpan.FromMilliseconds(value.GetDouble())
        : TimeSpan.Parse(value.GetString()!, CultureInfo.InvariantCulture);
}
