using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Vectron.Benchmarks.Ingestion;

/// <summary>How a benchmark body carries its vectors: JSON numbers, or base64 of the float32 little-endian bytes.</summary>
public enum BulkVectorEncoding
{
    Json,
    Base64,
}

/// <summary>The seeded NDJSON bodies the bulk benchmarks upload.</summary>
internal static class BulkBodies
{
    private static readonly string[] Words =
        ["river", "stone", "quiet", "market", "engine", "violet", "harbor", "winter", "logic", "garden", "thunder", "paper",
         "silver", "north", "window", "basket", "candle", "forest", "signal", "ladder", "orange", "planet", "mirror", "pocket"];

    /// <summary>Short texts of 4-12 words.</summary>
    public static string[] Texts(int count)
    {
        var random = new Random(10_000);
        var texts = new string[count];
        for (int i = 0; i < count; i++)
        {
            texts[i] = string.Join(' ', Enumerable.Range(0, random.Next(4, 13)).Select(_ => Words[random.Next(Words.Length)]));
        }

        return texts;
    }

    public static byte[] TextLines(string[] texts)
    {
        var body = new StringBuilder();
        for (int i = 0; i < texts.Length; i++)
        {
            body.Append(JsonSerializer.Serialize(new { id = $"t{i}", text = texts[i] })).Append('\n');
        }

        return Encoding.UTF8.GetBytes(body.ToString());
    }

    public static byte[] Vectors(int count, int dimensions, BulkVectorEncoding encoding)
    {
        var random = new Random(20_000);
        var body = new StringBuilder();
        var vector = new float[dimensions];
        for (int i = 0; i < count; i++)
        {
            for (int d = 0; d < dimensions; d++)
            {
                vector[d] = (float)(random.NextDouble() - 0.5);
            }

            body.Append(CultureInfo.InvariantCulture, $"{{\"id\":\"v{i}\",\"vector\":");
            if (encoding == BulkVectorEncoding.Base64)
            {
                body.Append('"').Append(Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan()))).Append('"');
            }
            else
            {
                body.Append('[');
                for (int d = 0; d < dimensions; d++)
                {
                    body.Append(d == 0 ? string.Empty : ",").Append(vector[d].ToString("R", CultureInfo.InvariantCulture));
                }

                body.Append(']');
            }

            body.Append("}\n");
        }

        return Encoding.UTF8.GetBytes(body.ToString());
    }
}
