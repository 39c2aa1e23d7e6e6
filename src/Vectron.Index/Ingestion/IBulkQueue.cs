namespace Vectron.Index.Ingestion;

/// <summary>Sends chunk messages to the queue the bulk function triggers on.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It is a queue: the name the HTTP and queue functions are wired by.")]
public interface IBulkQueue
{
    /// <summary>Sends every message (JSON, base64-encoded as the Functions queue trigger expects by default).</summary>
    Task EnqueueAsync(IReadOnlyList<BulkChunkMessage> messages, CancellationToken cancellationToken = default);
}
