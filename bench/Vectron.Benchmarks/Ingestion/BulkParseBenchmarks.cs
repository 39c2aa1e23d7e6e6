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
    private const string JobId = "0123456789abcdef0123456789abcdef";
    private byte[][] _json = [];
    private byte[][] _base64 = [];

    [GlobalSetup]
    public void Setup()
    {
        _json = Split(BulkBodies.Vectors(Lines, 384, BulkVectorEncoding.Json));
        _base64 = Split(BulkBodies.Vectors(Lines, 384, BulkVectorEncoding.Base64));
    }

    /// <summary>The parser before, on the JSON lines; one operation is one line.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Lines)]
    public int JsonWithTryGetSingle()
    {
        int dimensions = 0;
        foreach (byte[] line in _json)
        {
            dimensions += TryGetSingleParser.ParseVector(line).Length;
        }

        return dimensions;
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public int Json() => ParseAll(_json);

    [Benchmark(OperationsPerInvoke = Lines)]
    public int Base64() => ParseAll(_base64);

    private static int ParseAll(byte[][] lines)
    {
        int dimensions = 0;
        foreach (byte[] line in lines)
        {
            dimensions += NdjsonLine.Parse(line, 1, JobId).Vector!.Length;
        }

        return dimensions;
    }

    private static byte[][] Split(byte[] body)
    {
        var lines = new List<byte[]>(Lines);
        foreach (Range range in body.AsSpan().TrimEnd((byte)'\n').Split((byte)'\n'))
        {
            lines.Add(body[range]);
        }

        return [.. lines];
    }
}
