using System.Globalization;

namespace Vectron.Cli;

/// <summary>The parsed <c>bulk</c> command line.</summary>
internal sealed record BulkCommand(string Collection, string File, Uri BaseUrl, string? Key, bool Gzip, TimeSpan PollInterval)
{
    public const string DefaultUrl = "http://127.0.0.1:7071";
    public const string KeyVariable = "VECTRON_KEY";

    public const string Usage = """
        Usage: vectron bulk <collection> <file.ndjson[.gz]> [--url http://127.0.0.1:7071] [--key KEY] [--gzip] [--poll-ms 500]

          Uploads the NDJSON file (one {"id","text"|"vector","metadata"} object per line) to
          POST {url}/api/collections/{collection}/bulk and shows the job's progress until it ends.
          --key      function key (sent as x-functions-key); default: the VECTRON_KEY environment variable
          --gzip     compress the upload on the fly (a file ending in .gz is always sent compressed as is)
          --poll-ms  how often to ask for progress, in milliseconds
        Exit code: 0 completed, 1 completed with errors or failed, 2 bad usage or request.
        """;

    /// <summary>Parses the arguments; throws <see cref="UsageException"/> with the reason.</summary>
    public static BulkCommand Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (args.Count == 0 || args[0] != "bulk")
        {
            throw new UsageException("The only command is 'bulk'.");
        }

        var positional = new List<string>();
        string url = DefaultUrl;
        string? key = environment(KeyVariable);
        bool gzip = false;
        int pollMilliseconds = 500;
        for (int i = 1; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--url":
                    url = Value(args, ref i);
                    break;
                case "--key":
                    key = Value(args, ref i);
                    break;
                case "--gzip":
                    gzip = true;
                    break;
                case "--poll-ms":
                    if (!int.TryParse(Value(args, ref i), NumberStyles.None, CultureInfo.InvariantCulture, out pollMilliseconds) || pollMilliseconds is < 50 or > 60_000)
                    {
                        throw new UsageException("--poll-ms takes a number from 50 to 60000.");
                    }

                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    throw new UsageException($"Unknown option {option}.");
                default:
                    positional.Add(args[i]);
                    break;
            }
        }

        if (positional.Count != 2)
        {
            throw new UsageException("Give a collection name and a file.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--url '{url}' is not an http(s) address.");
        }

        return new BulkCommand(positional[0], positional[1], baseUrl, string.IsNullOrEmpty(key) ? null : key, gzip, TimeSpan.FromMilliseconds(pollMilliseconds));
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new UsageException($"{args[i - 1]} needs a value.");
}

/// <summary>The command line or a request was wrong; the message says how.</summary>
internal sealed class UsageException(string message) : Exception(message);
