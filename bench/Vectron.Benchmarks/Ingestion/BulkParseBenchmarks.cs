using BenchmarkDotNet.Attributes;
using Vectron.Index.Ingestion;

namespace Vectron.Benchmarks.Ingestion;

/// <summary>
/// CPU cost of parsing one bulk line of 384 dimensions (no storage), per vector encoding, beside the parser the
/// bulk path had before (<c>Utf8JsonReader.TryGetSingle</c> into a list). Run (docs/benchmarks.md):
/// dotnet run -c Release --project bench/Vectron.Benchmarks -- --filter '*BulkParseBenchmarks*'
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class BulkParseBenchmarks
{
    private const int Lines = 1_000;
    private byte[][] _lines = [];

    [Params(BulkVectorEncoding.Json, BulkVectorEncoding.Base64)]
    public BulkVectorEncoding Encoding { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        byte[] body = BulkBodies.Vectors(Lines, 384, Encoding);
        var lines = new List<byte[]>(Lines);
        foreach (Range range in body.AsSpan().TrimEnd((byte)'\n').Split((byte)'\n'))
        {
            lines.Add(body[range]);
        }

        _lines = [.. lines];
    }

    /// <summary>One operation parses all 1,000 lines.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public int Parse()
    {
        int dimensions = 0;
        foreach (byte[] line in _lines)
        {
            dimensions += NdjsonLine.Parse(line, 1, "0123456789abcdef0123456789abcdef").Vector!.Length;
        }

        return dimensions;
    }
}
