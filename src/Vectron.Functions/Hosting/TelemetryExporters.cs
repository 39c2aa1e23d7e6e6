using Microsoft.Extensions.Configuration;

namespace Vectron.Functions.Hosting;

/// <summary>Where the app sends its traces, metrics and logs; chosen from configuration by <see cref="From"/>.</summary>
[Flags]
public enum TelemetryExporters
{
    /// <summary>No exporter: OpenTelemetry is not registered, and the engine's instruments cost next to nothing.</summary>
    None = 0,

    /// <summary>Application Insights, when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (Azure).</summary>
    AzureMonitor = 1,

    /// <summary>An OTLP collector, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (e.g. the Aspire dashboard locally).</summary>
    Otlp = 2,

    /// <summary>Standard output, when <c>Vectron:Telemetry:Console</c> is true.</summary>
    Console = 4,
}

/// <summary>The settings that choose the exporters; one home for their names.</summary>
public static class TelemetrySettings
{
    /// <summary>OpenTelemetry's own setting; the OTLP exporter also reads its protocol and headers settings.</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary><c>Vectron__Telemetry__Console</c>: write telemetry to standard output (local use).</summary>
    public const string ConsoleKey = "Vectron:Telemetry:Console";

    /// <summary>The exporters the configuration asks for.</summary>
    /// <exception cref="InvalidOperationException">A setting holds a value that is no http(s) URI or no boolean.</exception>
    public static TelemetryExporters From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var exporters = TelemetryExporters.None;
        if (!string.IsNullOrWhiteSpace(configuration[AppSettingNames.Key(AppSettingNames.ApplicationInsightsConnectionString)]))
        {
            exporters |= TelemetryExporters.AzureMonitor;
        }

        if (configuration[OtlpEndpoint] is { Length: > 0 } endpoint)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new InvalidOperationException($"{OtlpEndpoint} must be an http(s) URI such as http://localhost:4317; it is '{endpoint}'.");
            }

            exporters |= TelemetryExporters.Otlp;
        }

        if (configuration[ConsoleKey] is { Length: > 0 } console)
        {
            if (!bool.TryParse(console, out bool on))
            {
                throw new InvalidOperationException($"{ConsoleKey} must be true or false; it is '{console}'.");
            }

            exporters |= on ? TelemetryExporters.Console : TelemetryExporters.None;
        }

        return exporters;
    }
}
