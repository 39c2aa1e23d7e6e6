using System.Text.Json;

namespace Vectron.Benchmarks.Ingestion;

/// <summary>The bulk path's vector parsing before <c>Utf8Single</c>: <c>TryGetSingle</c> per number into a list.</summary>
internal static class TryGetSingleParser
{
    public static float[] ParseVector(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        var values = new List<float>(512);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetSingle(out float value))
            {
                values.Add(value);
            }
        }

        return [.. values];
    }
}
