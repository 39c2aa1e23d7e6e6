using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vectron.Functions.LocalHost;
using Vectron.Functions.Tests.LocalHost;
using Vectron.Index.Storage;
using Vectron.Testing;

namespace Vectron.Functions.Tests.Hostile;

/// <summary>
/// A local host of its own (own container, an API key) for the hostile-input tests, with a fuzz target collection and
/// a canary collection whose documents no request may change.
/// </summary>
public sealed class HostileHostFixture : IAsyncLifetime
{
    public const string TargetCollection = "fuzz-target";
    public const string CanaryCollection = "fuzz-canary";
    public const int Dimensions = 3;
    public static readonly string[] CanaryIds = ["c-1", "c-2", "c-3"];

    private WebApplication? app;

    /// <summary>Made up per run, so no key is ever written in the repository; lower case, so its upper-case form differs.</summary>
    public string ApiKey { get; } = "vk-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public string ContainerName { get; } = TestStorage.UniqueContainerName("hostile");

    /// <summary>A client that sends the key.</summary>
    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress => Client.BaseAddress!;

    public async Task InitializeAsync()
    {
        (app, Client) = await LocalHostFixture.StartAsync(TestStorage.ConnectionString, ContainerName, configure: builder =>
        {
            // Bulk chunks go to a queue of this host's own, and it runs no queue or timer triggers: the test run's
            // other hosts share the default queue, and each must only see its own container's jobs.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Vectron:ApiKey"] = ApiKey,
                ["Vectron:Bulk:QueueName"] = ContainerName[..Math.Min(50, ContainerName.Length)] + "-bulk",
                ["Vectron:Bulk:PoisonQueueName"] = ContainerName[..Math.Min(50, ContainerName.Length)] + "-poison",
            });
            var triggerRunners = builder.Services.Where(IsTriggerRunner).ToList();
            Assert.NotEmpty(triggerRunners);
            triggerRunners.ForEach(runner => builder.Services.Remove(runner));
        });
        Client.DefaultRequestHeaders.Add(ApiKeyCheck.HeaderName, ApiKey);
        Client.Timeout = TimeSpan.FromMinutes(2);
        foreach (var name in new[] { TargetCollection, CanaryCollection })
        {
            (await Client.PutAsJsonAsync(new Uri($"/api/collections/{name}", UriKind.Relative), new { dimensions = Dimensions })).EnsureSuccessStatusCode();
        }

        var documents = CanaryIds.Select((id, i) => new { id, vector = new[] { 1f, i, 0.5f }, metadata = new { n = i }, text = "canary " + id });
        (await Client.PostAsJsonAsync(new Uri($"/api/collections/{CanaryCollection}/documents", UriKind.Relative), new { documents })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    // The runners LocalFunctionsHost.AddTriggerRunners registers: hosted services made by its lambdas.
    private static bool IsTriggerRunner(ServiceDescriptor descriptor) =>
        descriptor.ServiceType == typeof(IHostedService)
        && descriptor.ImplementationFactory?.Method.DeclaringType is { } closure
        && (closure == typeof(LocalFunctionsHost) || closure.DeclaringType == typeof(LocalFunctionsHost));

    /// <summary>The canary's count and documents as text, so any change shows.</summary>
    public async Task<string> CanarySnapshotAsync()
    {
        var stats = await Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/collections/{CanaryCollection}", UriKind.Relative));
        var documents = new List<string> { stats.GetProperty("count").ToString(), stats.GetProperty("createdAt").ToString() };
        foreach (var id in CanaryIds)
        {
            documents.Add(await Client.GetStringAsync(new Uri($"/api/collections/{CanaryCollection}/documents/{id}", UriKind.Relative)));
        }

        return string.Join('\n', documents);
    }

    /// <summary>Every blob in the host's container.</summary>
    public async Task<IReadOnlyList<string>> BlobNamesAsync()
    {
        var container = app!.Services.GetRequiredService<VectronStorage>().Container;
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions()))
        {
            names.Add(blob.Name);
        }

        return names;
    }
}

[CollectionDefinition(Name)]
public sealed class HostileHostGroup : ICollectionFixture<HostileHostFixture>
{
    public const string Name = "hostile host";
}
