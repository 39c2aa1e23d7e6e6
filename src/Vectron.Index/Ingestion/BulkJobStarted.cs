namespace Vectron.Index.Ingestion;

/// <summary>A staged and recorded job: its id, how many documents it holds, and the chunk messages to enqueue.</summary>
public sealed record BulkJobStarted(string JobId, string Collection, long Documents, IReadOnlyList<BulkChunkMessage> Chunks);

/// <summary>What one <see cref="IBulkIngestion.ProcessChunkAsync"/> call did.</summary>
/// <param name="Written">Documents written by the chunk (as recorded in its marker).</param>
/// <param name="BadLines">Lines not written.</param>
/// <param name="AlreadyRecorded">The chunk had an outcome before this call (a redelivery), so nothing was counted again.</param>
public sealed record BulkChunkResult(int Written, int BadLines, bool AlreadyRecorded);
