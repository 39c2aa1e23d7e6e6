using Vectron.Cli;

BulkCommand command;
try
{
    command = BulkCommand.Parse(args);
}
catch (UsageException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BulkCommand.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
    var client = new BulkClient(http, command);
    await using FileStream file = File.OpenRead(command.File);
    bool fileIsGzip = command.File.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
    Console.WriteLine($"Uploading {command.File} ({file.Length:N0} bytes) to {command.Collection} ...");
    JobAccepted accepted = await client.UploadAsync(file, fileIsGzip, cancel.Token);
    Console.WriteLine($"Job {accepted.JobId}: {accepted.Documents:N0} documents in {accepted.Chunks} chunks.");
    string last = string.Empty;
    JobView job = await client.WatchAsync(
        accepted,
        view =>
        {
            string line = ProgressRenderer.Line(view);
            if (!Console.IsOutputRedirected)
            {
                Console.Write($"\r{line.PadRight(last.Length)}");
            }
            else if (line != last)
            {
                Console.WriteLine(line);
            }

            last = line;
        },
        cancel.Token);
    Console.WriteLine();
    foreach (string line in ProgressRenderer.Summary(job))
    {
        Console.WriteLine(line);
    }

    return job.State == "completed" ? 0 : 1;
}
catch (Exception ex) when (ex is UsageException or HttpRequestException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine(ex.Message);
    return 2;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine("Stopped watching; the job goes on on the server.");
    return 2;
}
