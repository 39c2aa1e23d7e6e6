using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vectron.Index.Tests.Embedding;

/// <summary>One text with what Hugging Face's tokenizer and ONNX Runtime gave for it (tools/reference/generate.mjs).</summary>
public sealed record ReferenceCase(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("ids")] int[] Ids,
    [property: JsonPropertyName("untruncatedLength")] int UntruncatedLength,
    [property: JsonPropertyName("embedding")] string EmbeddingBase64)
{
    public float[] Embedding() => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(EmbeddingBase64)).ToArray();

    public override string ToString() => $"{Kind}: {JsonSerializer.Serialize(Text)}";
}

public static class ReferenceFixture
{
    private static readonly Lazy<IReadOnlyList<ReferenceCase>> LoadedCases = new(Load);

    public static IReadOnlyList<ReferenceCase> Cases => LoadedCases.Value;

    private static ReferenceCase[] Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Embedding", "Fixtures", "reference.json");
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty("cases").Deserialize<ReferenceCase[]>()!;
    }
}
