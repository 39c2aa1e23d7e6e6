using System.Globalization;

namespace Vectron.Benchmarks.Recall;

/// <summary>The <c>--name value</c> arguments of the corpus console modes.</summary>
internal static class RunnerArgs
{
    public static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 == args.Length)
            {
                throw new ArgumentException($"Expected --name value pairs, got '{args[i]}'.", nameof(args));
            }

            options[args[i][2..]] = args[++i];
        }

        return options;
    }

    public static CorpusCache Cache(Dictionary<string, string> options) =>
        options.TryGetValue("cache", out string? directory) ? new CorpusCache(directory) : CorpusCache.Default();

    public static int[] IntList(Dictionary<string, string> options, string name, string fallback) =>
        [.. options.GetValueOrDefault(name, fallback).Split(',').Select(part => int.Parse(part, CultureInfo.InvariantCulture))];
}
