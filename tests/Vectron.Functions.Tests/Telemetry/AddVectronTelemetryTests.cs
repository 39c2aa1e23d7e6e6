using System.Diagnostics;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Vectron.Functions.Hosting;
using Vectron.Index.Telemetry;

namespace Vectron.Functions.Tests.Telemetry;

public sealed class AddVectronTelemetryTests
{
    // Stand-in values; nothing in these tests exports, so nothing is sent anywhere.
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";
    private const string OtlpEndpoint = "http://127.0.0.1:4317";

    [Fact]
    public void AddVectronTelemetry_EveryCombinationOfSettings_SelectsThoseExporters()
    {
        for (int mask = 0; mask < 8; mask++)
        {
            var settings = new Dictionary<string, string?>();
            var expected = TelemetryExporters.None;
            if ((mask & 1) != 0)
            {
                settings[AppSettingNames.ApplicationInsightsConnectionString] = ConnectionString;
                expected |= TelemetryExporters.AzureMonitor;
            }

            if ((mask & 2) != 0)
            {
                settings[TelemetrySettings.OtlpEndpoint] = OtlpEndpoint;
                expected |= TelemetryExporters.Otlp;
            }

            // Console off is written out half of the time: "false" must select nothing, like an absent setting.
            settings[TelemetrySettings.ConsoleKey] = (mask & 4) != 0 ? "true" : mask % 2 == 0 ? "false" : null;
            expected |= (mask & 4) != 0 ? TelemetryExporters.Console : TelemetryExporters.None;

            using ServiceProvider services = Build(settings);

            Assert.Equal(expected, services.GetRequiredService<SelectedTelemetryExporters>().Exporters);
            // Without an exporter OpenTelemetry is not registered at all, so the engine's instruments stay unobserved.
            Assert.Equal(expected != TelemetryExporters.None, services.GetService<TracerProvider>() is not null);
        }
    }

    [Fact]
    public void AddVectronTelemetry_ApplicationInsights_UsesTheManagedIdentityOfAzureClientId()
    {
        string clientId = Guid.NewGuid().ToString();
        using ServiceProvider services = Build(new()
        {
            [AppSettingNames.ApplicationInsightsConnectionString] = ConnectionString,
            [AppSettingNames.AzureClientId] = clientId,
        });

        AzureMonitorExporterOptions options = services.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().CurrentValue;

        Assert.Equal(ConnectionString, options.ConnectionString);
        Assert.IsType<DefaultAzureCredential>(options.Credential);
    }

    [Fact]
    public void AddVectronTelemetry_AnyExporter_SubscribesToVectronSourceAndMeter()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        var collection = $"c{Guid.NewGuid():N}";
        IServiceCollection registrations = new ServiceCollection()
            .AddVectronTelemetry(Configuration(new() { [TelemetrySettings.ConsoleKey] = "true" }));
        registrations.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        registrations.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics));
        using (ServiceProvider services = registrations.BuildServiceProvider())
        {
            TracerProvider tracer = services.GetRequiredService<TracerProvider>();
            MeterProvider meter = services.GetRequiredService<MeterProvider>();
            using (Activity? span = VectronTelemetry.Source.StartActivity(TelemetryTags.QuerySpan))
            {
                span?.SetTag(TelemetryTags.Collection, collection);
            }

            VectronTelemetry.RecordQueryPhase(collection, QueryPhases.Embed, TimeSpan.FromMilliseconds(3));
            tracer.ForceFlush();
            meter.ForceFlush();
        }

        Assert.Contains(spans, s => Equals(s.GetTagItem(TelemetryTags.Collection), collection));
        Assert.Contains(metrics, m => m.Name == InstrumentNames.QueryDuration);
    }

    [Theory]
    [InlineData(TelemetrySettings.ConsoleKey, "yes")]
    [InlineData(TelemetrySettings.OtlpEndpoint, "localhost:4317")]
    public void AddVectronTelemetry_InvalidSetting_ThrowsNamingIt(string key, string value)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Build(new() { [key] = value }));

        Assert.Contains(key, exception.Message, StringComparison.Ordinal);
        Assert.Contains(value, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddVectronFunctions_ConnectionString_RegistersTelemetry()
    {
        var settings = new Dictionary<string, string?>
        {
            [StorageSettings.ConnectionName] = "UseDevelopmentStorage=true",
            [AppSettingNames.ApplicationInsightsConnectionString] = ConnectionString,
        };
        using ServiceProvider services = new ServiceCollection().AddVectronFunctions(Configuration(settings)).BuildServiceProvider();

        Assert.Equal(TelemetryExporters.AzureMonitor, services.GetRequiredService<SelectedTelemetryExporters>().Exporters);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddVectronTelemetry(Configuration(settings)).BuildServiceProvider();

    // Settings arrive as environment variables in Azure: the names with "__" are read as configuration keys.
    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(s => AppSettingNames.Key(s.Key), s => s.Value))
            .Build();
}
