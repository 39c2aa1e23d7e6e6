using System.Text.Json.Serialization;

namespace Vectron.Index.Ingestion;

/// <summary>Where a bulk job stands. Serialised in kebab case (<c>completed-with-errors</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BulkJobState>))]
public enum BulkJobState
{
    /// <summary>Staged and enqueued; no chunk has started.</summary>
    [JsonStringEnumMemberName("queued")]
    Queued,

    /// <summary>At least one chunk started and not every chunk has an outcome.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>Every chunk completed and every line was written.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>Every chunk has an outcome; some lines were bad or some chunks failed, but something was written.</summary>
    [JsonStringEnumMemberName("completed-with-errors")]
    CompletedWithErrors,

    /// <summary>Every chunk has an outcome and nothing was written.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
