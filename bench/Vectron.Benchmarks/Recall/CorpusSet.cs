using System.Text.Json;

namespace Vectron.Benchmarks.Recall;

/// <summary>A base set to search: cached vector matrices concatenated in order, and its ground-truth file. The list
/// is written to sets.json beside the cache so the Python and JavaScript runners load the same rows.</summary>
/// <param name="Name">What <c>--set</c> names.</param>
/// <param name="Vectors">Cache names of the matrices, concatenated in this order (row numbers run on across them).</param>
/// <param name="Truth">Cache name of the exact top-k for the queries over these rows.</param>
internal sealed record CorpusSet(string Name, string[] Vectors, string Truth)
{
    public const string ManifestFile = "sets.json";

    /// <summary>The Brown corpus alone (about 54k rows), and with WordNet glosses to 100k rows.</summary>
    public static IReadOnlyList<CorpusSet> All { get; } =
    [
        new("brown", [CorpusCache.BaseVectors], CorpusCache.Truth),
        new("brown-wordnet", [CorpusCache.BaseVectors, CorpusCache.ExtraVectors], CorpusCache.Truth + "-brown-wordnet"),
    ];

    public static CorpusSet Named(string name) =>
        All.FirstOrDefault(set => set.Name == name) ??
        throw new ArgumentException($"Unknown set '{name}'; one of {string.Join(", ", All.Select(set => set.Name))}.", nameof(name));

    /// <summary>The rows of every matrix of the set, one after the other, and their (shared) dimensions.</summary>
    public (float[] Rows, int Dimensions) Load(CorpusCache cache)
    {
        var parts = Vectors.Select(cache.Read<float>).ToArray();
        int dimensions = parts[0].Header.Dimensions;
        if (parts.Any(part => part.Header.Dimensions != dimensions))
        {
            throw new InvalidDataException($"The matrices of set '{Name}' differ in dimensions.");
        }

        return ([.. parts.SelectMany(part => part.Values)], dimensions);
    }

    public static void WriteManifest(CorpusCache cache) =>
        File.WriteAllText(cache.PathOf(ManifestFile), JsonSerializer.Serialize(All.ToDictionary(set => set.Name, set => new { vectors = set.Vectors, truth = set.Truth })));
}
