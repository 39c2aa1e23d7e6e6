using System.Text.Json;

namespace Vectron.Index.Ingestion;

/// <summary>The one home of the JSON shape of bulk messages, job records and job status (camelCase, web defaults).</summary>
public static class BulkJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
