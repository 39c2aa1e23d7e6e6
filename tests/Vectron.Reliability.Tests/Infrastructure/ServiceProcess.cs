using System.Globalization;
using System.Net;

namespace Vectron.Reliability.Tests.Infrastructure;

/// <summary>
/// The real service: <c>dotnet Vectron.Functions.dll --local-host</c> as a child process on a free loopback port,
/// configured by environment variables as in production. It can be killed (SIGKILL) and started again on the same
/// port with the same settings; disposing kills it.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    /// <summary>The container every collection of the service under test lives in.</summary>
    public const string ContainerName = "reliability";

    /// <summary>The longest a test waits for the service to finish background work (a bulk job, a compaction).</summary>
    public static readonly TimeSpan WorkTimeout = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly Dictionary<string, string> _environment;
    private ChildProcess? _process;

    private ServiceProcess(Dictionary<string, string> environment)
    {
        _environment = environment;
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");
    }

    public Uri BaseAddress { get; }

    /// <summary>The running process (for its id, memory and output).</summary>
    public ChildProcess Process => _process ?? throw new InvalidOperationException("The service is not running.");

    /// <summary>
    /// Starts the service against <paramref name="storageConnectionString"/> with its own container;
    /// <paramref name="settings"/> are more app settings (<c>Vectron__CacheMegabytes</c>, ...).
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string storageConnectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["Vectron__Storage"] = storageConnectionString,
            ["Vectron__ContainerName"] = ContainerName,
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",

            // Bulk work is picked up quickly in tests; host.json's 2 s is for production.
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.200",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        var service = new ServiceProcess(environment);
        try
        {
            await service.StartAgainAsync();
            return service;
        }
        catch
        {
            service.Dispose();
            throw;
        }
    }

    /// <summary>Starts the service (again) with the same settings and port, and waits until health answers 200.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("The service is running.");
        }

        _process?.Dispose();
        _process = ChildProcess.Start("dotnet", [RepositoryPaths.ServiceAssembly, "--local-host", "--urls", BaseAddress.ToString().TrimEnd('/')], _environment);
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("The service exited while starting:" + Environment.NewLine + _process.RecentOutput);
            }

            try
            {
                using var response = await client.GetAsync(new Uri("api/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The service did not answer health within {StartTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s:" + Environment.NewLine + _process.RecentOutput);
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Fails with the service's last output lines when it is no longer running (it crashed by itself).</summary>
    public void EnsureRunning()
    {
        if (Process.HasExited)
        {
            throw new InvalidOperationException("The service exited by itself:" + Environment.NewLine + Process.RecentOutput);
        }
    }

    /// <summary>SIGKILL: the process dies at once, mid-request, with no shutdown code.</summary>
    public Task KillAsync() => Process.KillAsync();

    public HttpClient CreateClient(TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(100) };

    public void Dispose() => _process?.Dispose();
}
