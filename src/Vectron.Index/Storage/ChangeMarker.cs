using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Vectron.Index.Storage;

/// <summary>
/// <c>changes.marker</c>: an empty blob per collection whose ETag moves after every change a strong reader must see.
/// A writer touches it after its append has landed and before it acknowledges; a manifest change touches it after the
/// swap; compaction touches it before deleting retired blobs. So when the marker still has the ETag a reader read
/// before its last listing, nothing was acknowledged since that listing, and the reader's catch-up is one HEAD
/// (a read operation) instead of a listing (priced and served like a write). Without a marker (a collection created
/// before it existed, or whose creation stopped half way until its next compaction) readers list every time.
/// </summary>
public sealed class ChangeMarker
{
    private static readonly Dictionary<string, string> NoMetadata = [];

    private readonly VectronStorage _storage;

    public ChangeMarker(VectronStorage storage)
    {
        _storage = storage;
    }

    /// <summary>Creates the marker unless it exists.</summary>
    public async Task CreateAsync(string collection, CancellationToken cancellationToken = default)
    {
        try
        {
            await StorageFailures.GuardAsync(
                () => Blob(collection).UploadAsync(
                    BinaryData.Empty,
                    new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                    cancellationToken),
                cancellationToken);
        }
        catch (RequestFailedException ex) when (StorageFailures.IsAlreadyExists(ex))
        {
            // Another creator was first; one marker is all there is to have.
        }
    }

    /// <summary>
    /// Moves the marker's ETag. Setting metadata never creates a blob, so a writer racing a collection's deletion
    /// leaves nothing behind; with no marker there is nobody to tell (readers list every time).
    /// </summary>
    public async Task TouchAsync(string collection, CancellationToken cancellationToken = default)
    {
        try
        {
            await StorageFailures.GuardAsync(
                () => Blob(collection).SetMetadataAsync(NoMetadata, cancellationToken: cancellationToken),
                cancellationToken);
        }
        catch (RequestFailedException ex) when (StorageFailures.IsNotFound(ex))
        {
        }
    }

    /// <summary>The marker's ETag, or null when the collection has no marker.</summary>
    public async Task<ETag?> ReadAsync(string collection, CancellationToken cancellationToken = default)
    {
        try
        {
            Response<BlobProperties> properties = await StorageFailures.GuardAsync(
                () => Blob(collection).GetPropertiesAsync(cancellationToken: cancellationToken),
                cancellationToken);
            return properties.Value.ETag;
        }
        catch (RequestFailedException ex) when (StorageFailures.IsNotFound(ex))
        {
            return null;
        }
    }

    private BlobClient Blob(string collection) => _storage.Container.GetBlobClient(BlobLayout.ChangeMarker(collection));
}
