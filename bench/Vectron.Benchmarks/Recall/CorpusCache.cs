using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace Vectron.Benchmarks.Recall;

/// <summary>What a cached matrix was made from. A cache file is reused only when its header equals the header the
/// current inputs give, so a new model, corpus version or sentence file rebuilds it.</summary>
/// <param name="Format">The layout version of the data file; see bench/corpus/README.md.</param>
/// <param name="Count">Rows in the data file.</param>
/// <param name="Dimensions">Values per row.</param>
/// <param name="Source">What the rows were computed from (sentence file, model, corpus package, or for ground truth
/// the vector files), as name → SHA-256 or version.</param>
internal sealed record CacheHeader(string Format, int Count, int Dimensions, IReadOnlyDictionary<string, string> Source)
{
    public bool Matches(CacheHeader other) =>
        Format == other.Format && Count == other.Count && Dimensions == other.Dimensions &&
        Source.Count == other.Source.Count &&
        Source.All(pair => other.Source.TryGetValue(pair.Key, out string? value) && value == pair.Value);
}

/// <summary>The files under bench/.cache/corpus/: the sentences bench/corpus/extract.mjs writes, and row-major
/// little-endian matrices (<c>NAME.bin</c>) each beside a JSON header (<c>NAME.json</c>).</summary>
internal sealed class CorpusCache(string directory)
{
    public const string VectorFormat = "f32le-rows/1";
    public const string TruthFormat = "i32le-rows/1";
    public const string BaseSentences = "sentences-base.txt";
    public const string QuerySentences = "sentences-queries.txt";
    public const string ExtraSentences = "sentences-extra.txt";
    public const string SentenceSummary = "sentences.json";
    public const string BaseVectors = "base";
    public const string QueryVectors = "queries";
    public const string ExtraVectors = "extra";
    public const string Truth = "truth";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string Directory { get; } = directory;

    /// <summary>bench/.cache/corpus of the repository this program was built in, or of the working directory.</summary>
    public static CorpusCache Default()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Vectron.sln")))
                {
                    return new CorpusCache(Path.Combine(dir.FullName, "bench", ".cache", "corpus"));
                }
            }
        }

        throw new InvalidOperationException("No Vectron.sln above the working directory; pass --cache DIR.");
    }

    public string PathOf(string file) => Path.Combine(Directory, file);

    public string DataPath(string name) => PathOf(name + ".bin");

    public string HeaderPath(string name) => PathOf(name + ".json");

    /// <summary>Whether NAME.bin holds exactly what <paramref name="expected"/> describes.</summary>
    public bool IsFresh(string name, CacheHeader expected, int elementSize)
    {
        CacheHeader? stored = ReadHeader(name);
        var data = new FileInfo(DataPath(name));
        return stored is not null && stored.Matches(expected) && data.Exists &&
            data.Length == (long)expected.Count * expected.Dimensions * elementSize;
    }

    public CacheHeader? ReadHeader(string name)
    {
        string path = HeaderPath(name);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<CacheHeader>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the data, then the header, so an interrupted write leaves no header that vouches for it.</summary>
    public void Write<T>(string name, CacheHeader header, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.Delete(HeaderPath(name));
        using (FileStream file = File.Create(DataPath(name)))
        {
            file.Write(MemoryMarshal.AsBytes(values));
        }

        File.WriteAllText(HeaderPath(name), JsonSerializer.Serialize(header, Json));
    }

    /// <summary>Reads NAME.bin after checking it against its header.</summary>
    public (T[] Values, CacheHeader Header) Read<T>(string name)
        where T : unmanaged
    {
        CacheHeader header = ReadHeader(name) ??
            throw new FileNotFoundException($"No cache header {HeaderPath(name)}; run --embed-corpus (bench/corpus/README.md).");
        var values = new T[checked(header.Count * header.Dimensions)];
        using FileStream file = File.OpenRead(DataPath(name));
        if (file.Length != (long)values.Length * Marshal.SizeOf<T>())
        {
            throw new InvalidDataException($"{DataPath(name)} does not have the {header.Count} x {header.Dimensions} values its header names.");
        }

        file.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return (values, header);
    }

    public static string Sha256OfFile(string path)
    {
        using FileStream file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
