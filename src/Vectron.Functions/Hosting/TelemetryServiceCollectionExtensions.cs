using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Vectron.Index.Telemetry;

namespace Vectron.Functions.Hosting;

/// <summary>Registers OpenTelemetry for Vectron's spans, metrics and logs, with the exporters configuration asks for.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the chosen <see cref="TelemetryExporters"/> (also as the singleton <see cref="SelectedTelemetryExporters"/>, so
    /// the choice can be seen) and, unless it is <see cref="TelemetryExporters.None"/>, OpenTelemetry with the Functions worker's
    /// defaults, the <c>Vectron</c> activity source and meter, and logs with their scopes (collection, request id).
    /// Application Insights is reached with the app's managed identity (<c>AZURE_CLIENT_ID</c>): the deployment
    /// turns local authentication off, so the connection string alone is refused.
    /// </summary>
    public static IServiceCollection AddVectronTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        TelemetryExporters exporters = TelemetrySettings.From(configuration);
        services.AddSingleton(new SelectedTelemetryExporters(exporters));
        if (exporters == TelemetryExporters.None)
        {
            return services;
        }

        IOpenTelemetryBuilder telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource(VectronTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(VectronTelemetry.Name))
            .WithLogging(configureBuilder: null, configureOptions: options => options.IncludeScopes = true);

        if (exporters.HasFlag(TelemetryExporters.AzureMonitor))
        {
            string connectionString = configuration[AppSettingNames.Key(AppSettingNames.ApplicationInsightsConnectionString)]!;
            string? clientId = configuration[AppSettingNames.Key(AppSettingNames.AzureClientId)];
            telemetry.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                options.Credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
            });
        }

        if (exporters.HasFlag(TelemetryExporters.Otlp))
        {
            // Reads OTEL_EXPORTER_OTLP_ENDPOINT (and _PROTOCOL, _HEADERS) from configuration itself.
            telemetry.UseOtlpExporter();
        }

        if (exporters.HasFlag(TelemetryExporters.Console))
        {
            telemetry
                .WithTracing(tracing => tracing.AddConsoleExporter())
                .WithMetrics(metrics => metrics.AddConsoleExporter())
                .WithLogging(logging => logging.AddConsoleExporter());
        }

        return services;
    }
}
