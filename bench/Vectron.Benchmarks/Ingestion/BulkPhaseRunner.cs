using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues.Models;
using Vectron.Benchmarks.Storage;
using Vectron.Index.Collections;
using Vectron.Index.Ingestion;
using Vectron.Index.Storage;

namespace Vectron.Benchmarks.Ingestion;

/// <summary>
/// The vectors-only bulk path cut into its phases, each timed alone against Azurite with this process's CPU and
/// Azurite's CPU beside the wall time, so the phase that bounds vectors/s is measured, not guessed.
/// <c>node scripts/bench-azurite.mjs bulk-phases [--vectors 10000] [--encoding json|base64]</c>.
/// </summary>
internal static class BulkPhaseRunner
{
    public const string Command = "bulk-phases";
    private const int Dimensions = 384;
    private static bool s_print;

    public static async Task<int> RunAsync(string[] args)
    {
        int count = args.SkipWhile(a => a != "--vectors").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(10_000);
        BulkVectorEncoding encoding = args.SkipWhile(a => a != "--encoding").Skip(1).FirstOrDefault() == "base64" ? BulkVectorEncoding.Base64 : BulkVectorEncoding.Json;
        byte[] body = BulkBodies.Vectors(count, Dimensions, encoding);
        var options = new BulkIngestionOptions();
        string suffix = Guid.NewGuid().ToString("N")[..12];
        (options.QueueName, options.PoisonQueueName) = ($"phase-{suffix}", $"phase-{suffix}-poison");
        using VectronCollections collections = BenchStorage.Collections($"phase-{suffix[..8]}");
        var bulk = new BulkIngestion(collections.Storage, collections, options);
        AzureBulkQueue queue = AzureBulkQueue.Create(collections.Storage.Options, options);
        await collections.CreateAsync("phases", new CollectionSettings(Dimensions));
        await collections.CreateAsync("upserts", new CollectionSettings(Dimensions));
        var azurite = new AzuriteCpu();
        Console.WriteLine($"{count:N0} vectors x {Dimensions}, {encoding} encoding: {body.Length / 1e6:F1} MB of NDJSON; Azurite pid {azurite.Pid?.ToString(CultureInfo.InvariantCulture) ?? "not found"}; {Environment.ProcessorCount} cores; load {LoadAverage()}");
        Console.WriteLine("| phase | wall (ms) | this process CPU (ms) | Azurite CPU (ms) | rate |");
        Console.WriteLine("|---|---:|---:|---:|---|");

        // The first pass warms up (JIT tiers, connections) unprinted; the second is the one reported.
        for (int pass = 1; pass <= 2; pass++)
        {
            s_print = pass == 2;
            await RunPassAsync(collections, bulk, queue, azurite, body, count, encoding);
        }

        await queue.Queue.DeleteIfExistsAsync();
        await queue.PoisonQueue.DeleteIfExistsAsync();
        await collections.Storage.Container.DeleteIfExistsAsync();
        return 0;
    }

    private static async Task RunPassAsync(VectronCollections collections, BulkIngestion bulk, AzureBulkQueue queue, AzuriteCpu azurite, byte[] body, int count, BulkVectorEncoding encoding)
    {
        BulkJobStarted started = null!;
        await Phase("stage + plan (StartJobAsync)", azurite, body.Length, async () =>
        {
            using var upload = new MemoryStream(body, writable: false);
            started = await bulk.StartJobAsync("phases", upload);
        });

        BlockBlobClient staging = collections.Storage.Container.GetBlockBlobClient(JobLayout.Staging(started.JobId));
        var chunks = new List<byte[]>();
        await Phase($"range-read {started.Chunks.Count} chunks, serial", azurite, body.Length, async () =>
        {
            foreach (BulkChunkMessage chunk in started.Chunks)
            {
                BlobDownloadResult data = await staging.DownloadContentAsync(new BlobDownloadOptions { Range = new Azure.HttpRange(chunk.Offset, chunk.Length) });
                chunks.Add(data.Content.ToArray());
            }
        });

        var lines = new List<NdjsonLine>(count);

        // Parsed once untimed first, so the timed pass runs optimised (tier-1) code as a long-running worker does.
        ParseAll(chunks, lines, started.JobId);
        lines.Clear();
        await Phase("parse lines (NdjsonLine.Parse), second pass", azurite, body.Length, () =>
        {
            ParseAll(chunks, lines, started.JobId);
            return Task.CompletedTask;
        });

        if (encoding == BulkVectorEncoding.Json)
        {
            TryGetSingleAll(chunks);
            await Phase("for comparison: the same lines through Utf8JsonReader.TryGetSingle (the parser before)", azurite, body.Length, () =>
            {
                TryGetSingleAll(chunks);
                return Task.CompletedTask;
            });
        }

        var batches = new List<List<DocumentUpsert>>();
        long frameBytes = 0;
        await Phase("validate + normalise + encode frames", azurite, count, () =>
        {
            var records = new LogRecord[count];
            for (int i = 0; i < lines.Count; i++)
            {
                float[] normalized = VectorRules.Normalize(lines[i].Vector!, Dimensions);
                records[i] = LogRecord.Upsert(lines[i].Id, default, normalized, lines[i].MetadataUtf8, lines[i].TextUtf8);
            }

            frameBytes = LogRecordCodec.Encode(records).Length;
            for (int start = 0; start < lines.Count; start += DocumentLimits.MaxDocumentsPerBatch)
            {
                batches.Add(lines.Skip(start).Take(DocumentLimits.MaxDocumentsPerBatch).Select(l => new DocumentUpsert(l.Id, l.Vector!, l.MetadataJson, l.Text)).ToList());
            }

            return Task.CompletedTask;
        }, unit: "vectors");

        await Phase($"UpsertAsync, {batches.Count} batches of {DocumentLimits.MaxDocumentsPerBatch}, serial", azurite, count, async () =>
        {
            foreach (List<DocumentUpsert> batch in batches)
            {
                await collections.UpsertAsync("upserts", batch);
            }
        }, unit: "vectors");

        await Phase($"UpsertAsync, {batches.Count} batches, all at once", azurite, count, async () =>
        {
            await Task.WhenAll(batches.Select(batch => collections.UpsertAsync("upserts", batch)));
        }, unit: "vectors");

        byte[] block = new byte[LogFormat.MaxAppendBytes];
        new Random(7).NextBytes(block);
        int blocks = (int)Math.Max(1, frameBytes / block.Length);
        await Phase($"raw AppendBlock {blocks} x 4 MiB, serial ({frameBytes / 1e6:F1} MB = the frames)", azurite, (long)blocks * block.Length, async () =>
        {
            AppendBlobClient raw = collections.Storage.Container.GetAppendBlobClient($"raw-{Guid.NewGuid():N}");
            await raw.CreateAsync();
            for (int i = 0; i < blocks; i++)
            {
                using var content = new MemoryStream(block, writable: false);
                await raw.AppendBlockAsync(content);
            }
        });

        await queue.EnqueueAsync(started.Chunks);
        await Phase($"queue receive + delete {started.Chunks.Count} messages, serial", azurite, started.Chunks.Count, async () =>
        {
            while ((await queue.Queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5))).Value is [QueueMessage message])
            {
                await queue.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }, unit: "messages");

        await Phase($"ProcessChunkAsync {started.Chunks.Count} chunks, serial (everything but the queue)", azurite, count, async () =>
        {
            foreach (BulkChunkMessage chunk in started.Chunks)
            {
                await bulk.ProcessChunkAsync(chunk);
            }
        }, unit: "vectors");

        await Phase("GetJobAsync", azurite, 1, async () => await bulk.GetJobAsync(started.JobId), unit: "calls");
    }

    private static void ParseAll(List<byte[]> chunks, List<NdjsonLine> lines, string jobId)
    {
        foreach (byte[] chunk in chunks)
        {
            foreach (Range range in chunk.AsSpan().Split((byte)'\n'))
            {
                if (chunk.AsSpan(range).Length > 0)
                {
                    lines.Add(NdjsonLine.Parse(chunk.AsSpan(range), lines.Count + 1, jobId));
                }
            }
        }
    }

    private static float TryGetSingleAll(List<byte[]> chunks)
    {
        float sum = 0;
        foreach (byte[] chunk in chunks)
        {
            foreach (Range range in chunk.AsSpan().Split((byte)'\n'))
            {
                if (chunk.AsSpan(range).Length > 0)
                {
                    sum += TryGetSingleParser.ParseVector(chunk.AsSpan(range))[0];
                }
            }
        }

        return sum;
    }

    private static async Task Phase(string name, AzuriteCpu azurite, long amount, Func<Task> run, string unit = "MB")
    {
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        TimeSpan azuriteCpu = azurite.Total();
        long start = Stopwatch.GetTimestamp();
        await run();
        TimeSpan wall = Stopwatch.GetElapsedTime(start);
        double thisCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        double storageCpu = (azurite.Total() - azuriteCpu).TotalMilliseconds;
        string rate = unit == "MB" ? $"{amount / 1e6 / wall.TotalSeconds:F0} MB/s" : $"{amount / wall.TotalSeconds:N0} {unit}/s";
        if (!s_print)
        {
            return;
        }

        Console.WriteLine($"| {name} | {wall.TotalMilliseconds:F0} | {thisCpu:F0} | {storageCpu:F0} | {rate} |");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>CPU time of the Azurite serving this benchmark (found by its blob port in /proc), for the split.</summary>
    private sealed class AzuriteCpu
    {
        public AzuriteCpu()
        {
            string connection = Environment.GetEnvironmentVariable(BenchStorage.ConnectionStringVariable) ?? string.Empty;
            string? port = connection.Split(';').FirstOrDefault(p => p.StartsWith("BlobEndpoint=", StringComparison.Ordinal))?.Split(':').LastOrDefault()?.Split('/')[0];
            if (port is null || !Directory.Exists("/proc"))
            {
                return;
            }

            foreach (string dir in Directory.EnumerateDirectories("/proc"))
            {
                try
                {
                    string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                    if (cmdline.Contains("azurite", StringComparison.Ordinal) && cmdline.Contains($" {port} ", StringComparison.Ordinal))
                    {
                        Pid = int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
                        return;
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
                {
                    // A process that ended while we looked, or not a process directory.
                }
            }
        }

        public int? Pid { get; }

        public TimeSpan Total()
        {
            if (Pid is not { } pid)
            {
                return TimeSpan.Zero;
            }

            // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name) are user and system clock ticks.
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
    }
}
