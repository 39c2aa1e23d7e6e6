using System.Diagnostics;
using System.Globalization;
using Vectron.Index.Collections;
using Vectron.Index.Query;
using Vectron.Index.Storage;

namespace Vectron.Benchmarks.Query;

/// <summary>
/// Cold start: seeds a collection in Azurite (compacted into segments) in this process, then starts fresh child
/// processes that each open the query service and answer one query, and reports the time from process start to the
/// answer and the bytes read from storage.
/// <c>dotnet run -c Release --project bench/Vectron.Benchmarks -- cold-start --connection "..." --rows 100000</c>
/// (or <c>node scripts/cold-start.mjs</c>, which starts an in-memory Azurite for it).
/// </summary>
internal static class ColdStartRunner
{
    public const string Command = "cold-start";
    private const string ChildCommand = "cold-start-child";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is [ChildCommand, .. var childArgs])
        {
            return await RunChildAsync(Parse(childArgs));
        }

        Dictionary<string, string> options = Parse(args);
        string connection = Connection(options);
        int rows = int.Parse(options.GetValueOrDefault("rows", "100000"), CultureInfo.InvariantCulture);
        int runs = int.Parse(options.GetValueOrDefault("runs", "3"), CultureInfo.InvariantCulture);
        string container = options.GetValueOrDefault("container", "bench-coldstart");
        string collection = $"cold-{rows}";

        var seeding = Stopwatch.StartNew();
        using (var collections = new VectronCollections(QuerySeed.Options(connection, container)))
        {
            await QuerySeed.EnsureAsync(collections, collection, rows, Console.Out);
            CollectionStats stats = await collections.GetStatsAsync(collection);
            Console.WriteLine($"collection {collection}: {stats.Count:N0} documents x {QuerySeed.Dimensions} dims, {stats.Segments} segments, " +
                $"{stats.SegmentBytes / 1e6:F1} MB in segments, {stats.LogBytes / 1e6:F1} MB in logs; ready in {seeding.Elapsed.TotalSeconds:F0} s");
        }

        Console.WriteLine("| run | process start → first answer (ms) | of which in Main: open + first query (ms) | catch-up / load / scan / fetch (ms) | bytes read | second query, eventual (ms) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        for (int run = 1; run <= runs; run++)
        {
            (string file, string prefix) = SelfCommand();
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
            if (prefix.Length > 0)
            {
                start.ArgumentList.Add(prefix);
            }

            foreach (string arg in new[] { Command, ChildCommand, "--connection", connection, "--container", container, "--collection", collection })
            {
                start.ArgumentList.Add(arg);
            }

            using Process child = Process.Start(start)!;
            string output = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            if (child.ExitCode != 0)
            {
                Console.Error.WriteLine(output);
                return child.ExitCode;
            }

            Console.WriteLine($"| {run} | {output.Trim()} |");
        }

        return 0;
    }

    private static async Task<int> RunChildAsync(Dictionary<string, string> options)
    {
        var inMain = Stopwatch.StartNew();
        var storage = new VectronStorage(QuerySeed.Options(Connection(options), options["container"], "bench-coldstart-child"));
        using var service = new VectronQueryService(storage, new QueryOptions());
        var query = new VectorQuery { Vector = QuerySeed.Query(7), TopK = 10, Include = QueryInclude.Metadata | QueryInclude.Text };
        QueryResult first = await service.QueryAsync(options["collection"], query);
        TimeSpan main = inMain.Elapsed;
        TimeSpan sinceProcessStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        long bytes = storage.BytesDownloaded;

        var second = Stopwatch.StartNew();
        await service.QueryAsync(options["collection"], query with { Vector = QuerySeed.Query(8), Consistency = ConsistencyMode.Eventual });
        QueryTimings t = first.Timings;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{sinceProcessStart.TotalMilliseconds:F0} | {main.TotalMilliseconds:F0} | {t.CatchUp.TotalMilliseconds:F0} / {t.Load.TotalMilliseconds:F0} / {t.Scan.TotalMilliseconds:F0} / {t.Fetch.TotalMilliseconds:F0} | {bytes:N0} | {second.Elapsed.TotalMilliseconds:F1}"));
        return first.Hits.Count == 10 ? 0 : 1;
    }

    // How to start this program again: the apphost directly, or `dotnet <dll>` when run that way.
    private static (string File, string Prefix) SelfCommand()
    {
        string process = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? (process, typeof(ColdStartRunner).Assembly.Location)
            : (process, string.Empty);
    }

    private static string Connection(Dictionary<string, string> options) =>
        options.GetValueOrDefault("connection")
        ?? Environment.GetEnvironmentVariable(Storage.BenchStorage.ConnectionStringVariable)
        ?? "UseDevelopmentStorage=true";

    private static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        return options;
    }
}
