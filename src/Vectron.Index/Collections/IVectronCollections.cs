using Vectron.Index.Storage;

namespace Vectron.Index.Collections;

/// <summary>
/// The collections facade the HTTP layer and hosts call. Every method validates its input (throwing
/// <see cref="VectronValidationException"/>), throws <see cref="CollectionNotFoundException"/> for an unknown
/// collection and <see cref="StorageUnavailableException"/> when storage stays unavailable after retries.
/// </summary>
public interface IVectronCollections
{
    /// <summary>Creates a collection; idempotent for equal settings, <see cref="CollectionConflictException"/> otherwise.</summary>
    Task<CollectionInfo> CreateAsync(string name, CollectionSettings settings, CancellationToken cancellationToken = default);

    Task<CollectionInfo> GetAsync(string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<CollectionInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes a collection and all of its blobs; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Count of live documents, segments and bytes (reads ids and versions, not vectors).</summary>
    Task<CollectionStats> GetStatsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Writes a batch as one durable log append; returns once it landed. All-or-nothing.</summary>
    Task<WriteReceipt> UpsertAsync(string name, IReadOnlyList<DocumentUpsert> documents, CancellationToken cancellationToken = default);

    /// <summary>Writes delete tombstones for the ids (deleting an absent id is not an error).</summary>
    Task<WriteReceipt> DeleteDocumentsAsync(string name, IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>The live document, or null when absent or deleted. Strongly consistent.</summary>
    Task<StoredDocument?> GetDocumentAsync(string name, string id, CancellationToken cancellationToken = default);

    /// <summary>Compacts one collection now (skipped when another compactor holds the lease).</summary>
    Task<CompactionResult> CompactAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>For the timer: compacts every collection whose uncompacted logs passed the threshold.</summary>
    Task<IReadOnlyList<CompactionResult>> CompactDueAsync(CancellationToken cancellationToken = default);
}
