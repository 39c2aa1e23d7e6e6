using System.Net.Sockets;

namespace Vectron.Reliability.Tests.Infrastructure;

/// <summary>
/// A test's own Azurite (from node_modules), so stopping it never disturbs another test. With a data folder it can
/// be stopped and started again on the same ports with its data, as a storage outage that ends.
/// </summary>
internal sealed class AzuriteProcess : IDisposable
{
    // The well-known development account key that Azurite publishes; it guards nothing.
    private const string DevAccount = "devstoreaccount1";
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string? _dataFolder;
    private ChildProcess? _process;

    private AzuriteProcess(string? dataFolder)
    {
        _dataFolder = dataFolder;
    }

    public int BlobPort { get; } = FreePort.Next();

    public int QueuePort { get; } = FreePort.Next();

    public int TablePort { get; } = FreePort.Next();

    /// <summary>How many times it was (re)started.</summary>
    public int Starts { get; private set; }

    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort);

    /// <summary>The connection string of an account whose blob endpoint is <paramref name="blobPort"/> (e.g. a proxy).</summary>
    public string ConnectionStringFor(int blobPort, int queuePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={DevAccount};AccountKey={DevKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{DevAccount};QueueEndpoint=http://127.0.0.1:{queuePort}/{DevAccount};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{DevAccount};";

    /// <summary>Starts Azurite; with <paramref name="onDisk"/> its data lives in a temporary folder and survives a stop.</summary>
    public static async Task<AzuriteProcess> StartAsync(bool onDisk = false)
    {
        string? folder = onDisk ? Directory.CreateTempSubdirectory("vectron-azurite-").FullName : null;
        var azurite = new AzuriteProcess(folder);
        try
        {
            await azurite.StartAgainAsync();
            return azurite;
        }
        catch
        {
            azurite.Dispose();
            throw;
        }
    }

    /// <summary>(Re)starts the emulator on the same ports and data folder and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("Azurite is running.");
        }

        _process?.Dispose();
        _process = ChildProcess.Start("node", Arguments());
        Starts++;
        await WaitForPortAsync(BlobPort);
        await WaitForPortAsync(QueuePort);
    }

    /// <summary>Stops it gracefully (SIGTERM), as an outage that keeps the data.</summary>
    public Task StopAsync() => _process?.StopAsync(TimeSpan.FromSeconds(10)) ?? Task.CompletedTask;

    public void Dispose()
    {
        _process?.Dispose();
        if (_dataFolder is not null)
        {
            try
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private List<string> Arguments()
    {
        var arguments = new List<string>
        {
            RepositoryPaths.AzuriteScript,
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // See DESIGN.md, "Azurite facts": without these the SDK gets 400s and SIGTERM may be ignored.
            "--skipApiVersionCheck", "--disableTelemetry", "--silent",
        };
        arguments.AddRange(_dataFolder is null ? ["--inMemoryPersistence"] : ["--location", _dataFolder]);
        return arguments;
    }

    private async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException("Azurite exited while starting: " + _process.RecentOutput);
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
