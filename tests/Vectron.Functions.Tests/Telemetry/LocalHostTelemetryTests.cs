using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Vectron.Functions.Hosting;
using Vectron.Functions.LocalHost;
using Vectron.Index.Telemetry;
using Vectron.Testing;

namespace Vectron.Functions.Tests.Telemetry;

[Collection(Name)]
public sealed class LocalHostTelemetryTests
{
    /// <summary>Alone, after the parallel tests: the engine's meter is process-wide and other tests embed too.</summary>
    public const string Name = "Telemetry";

    // The worker defaults (Microsoft.Azure.Functions.Worker.OpenTelemetry) must not stop the plain ASP.NET Core host,
    // and the embedder's measurements must reach the exporters the settings chose.
    [Fact]
    public async Task LocalHost_ConsoleTelemetryOn_StartsAndExportsEmbeddingMetrics()
    {
        var metrics = new List<MetricSnapshot>();
        string[] args = [LocalFunctionsHost.Switch, "--urls", "http://127.0.0.1:0", $"--{TelemetrySettings.ConsoleKey}=true"];
        await using var app = await LocalFunctionsHost.BuildAsync(args, builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [StorageSettings.ConnectionName] = TestStorage.ConnectionString,
                [StorageSettings.ContainerNameKey] = TestStorage.UniqueContainerName("fn-otel"),
            });
            builder.Services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics));
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        string[] texts = ["telemetry from the local host", "a second text", "and a third"];

        using HttpResponseMessage response = await client.PostAsJsonAsync(new Uri("/api/embed", UriKind.Relative), new { texts });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        app.Services.GetRequiredService<MeterProvider>().ForceFlush();

        MetricSnapshot embedded = Assert.Single(metrics.Where(m => m.Name == InstrumentNames.EmbeddingTexts).TakeLast(1));
        Assert.Equal(texts.Length, embedded.MetricPoints.Sum(p => p.GetHistogramSum()));
        await app.StopAsync();
    }
}

[CollectionDefinition(LocalHostTelemetryTests.Name, DisableParallelization = true)]
public sealed class TelemetryTestGroup;
