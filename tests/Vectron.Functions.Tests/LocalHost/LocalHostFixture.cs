using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Vectron.Functions.LocalHost;
using Vectron.Testing;

namespace Vectron.Functions.Tests.LocalHost;

/// <summary>The real local host, in process on a free loopback port, against the test run's Azurite.</summary>
public sealed class LocalHostFixture : IAsyncLifetime
{
    private WebApplication? app;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The host's services, for tests that drive the engine or the queue directly.</summary>
    public IServiceProvider Services => app!.Services;

    public string ContainerName { get; } = TestStorage.UniqueContainerName("fn");

    public async Task InitializeAsync()
    {
        (app, Client) = await StartAsync(TestStorage.ConnectionString, ContainerName);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>Starts a local host; the caller disposes both. <paramref name="configure"/> runs last (an API key, say).</summary>
    public static async Task<(WebApplication App, HttpClient Client)> StartAsync(
        string storageConnectionString,
        string containerName,
        TimeSpan? probeTimeout = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var app = await LocalFunctionsHost.BuildAsync([LocalFunctionsHost.Switch, "--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Vectron:Storage"] = storageConnectionString,
                ["Vectron:ContainerName"] = containerName,
                ["Vectron:Health:ProbeTimeout"] = (probeTimeout ?? TimeSpan.FromSeconds(5)).ToString(),

                // Bulk tests wait for queue work: poll often, retry a failed message at once.
                [$"{QueueSettings.OverrideSection}:maxPollingInterval"] = "00:00:00.200",
                [$"{QueueSettings.OverrideSection}:visibilityTimeout"] = "00:00:00",
                ["Vectron:Bulk:MaxChunkDocuments"] = "2000",
            });
            configure?.Invoke(builder);

            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = new Uri(app.Urls.Single()) });
    }
}

[CollectionDefinition(Name)]
public sealed class LocalHostTestGroup : ICollectionFixture<LocalHostFixture>
{
    public const string Name = "local host";
}
