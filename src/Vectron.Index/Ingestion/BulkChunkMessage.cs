using System.Text.Json;

namespace Vectron.Index.Ingestion;

/// <summary>
/// One queue message: a byte range of a job's staged NDJSON that starts and ends on line boundaries. Serialised it
/// is about 200 bytes, far below the 64 KiB queue limit.
/// </summary>
/// <param name="JobId">The job.</param>
/// <param name="Collection">Target collection.</param>
/// <param name="Chunk">0-based chunk index; one completion marker per index.</param>
/// <param name="Offset">First byte of the chunk in the staging blob.</param>
/// <param name="Length">Bytes in the chunk.</param>
/// <param name="FirstLine">1-based line number of the chunk's first line in the uploaded file.</param>
/// <param name="Documents">Non-blank lines in the chunk.</param>
public sealed record BulkChunkMessage(string JobId, string Collection, int Chunk, long Offset, int Length, long FirstLine, int Documents)
{
    public string ToJson() => JsonSerializer.Serialize(this, BulkJson.Options);

    /// <summary>Reads a message produced by <see cref="ToJson"/>; throws <see cref="JsonException"/> when it is not one.</summary>
    public static BulkChunkMessage FromJson(string json) =>
        JsonSerializer.Deserialize<BulkChunkMessage>(json, BulkJson.Options) ?? throw new JsonException("A chunk message must not be null.");
}
