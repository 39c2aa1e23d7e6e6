using System.Text.Encodings.Web;
using System.Text.Json;

namespace Vectron.Index.Ingestion;

/// <summary>The one home of the JSON shape of bulk messages, job records and job status (camelCase, web defaults).</summary>
public static class BulkJson
{
    /// <summary>
    /// Web defaults with the relaxed encoder: error messages quote the caller's input ("'vector' must ..."), and the
    /// default encoder would turn every apostrophe, '&lt;' or '+' into <c>\u0027</c>-style escapes. The JSON is
    /// only ever served as <c>application/json</c>, never embedded in HTML.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
