using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Vectron.Index.Collections;

namespace Vectron.Index.Storage;

/// <summary>
/// Reads and changes <c>manifest.json</c>. Create uses <c>If-None-Match: *</c>; every change is a compare-and-swap on
/// the ETag (<c>If-Match</c>) that re-reads and retries on 412. Both tell strong readers through the collection's
/// <see cref="ChangeMarker"/>: create makes it, a change touches it after the swap.
/// </summary>
public sealed class ManifestStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly VectronStorage _storage;
    private readonly ChangeMarker _marker;

    public ManifestStore(VectronStorage storage)
    {
        _storage = storage;
        _marker = new ChangeMarker(storage);
    }

    /// <summary>Reads a collection's manifest; throws <see cref="CollectionNotFoundException"/> when there is none.</summary>
    public async Task<VersionedManifest> ReadAsync(string collection, CancellationToken cancellationToken = default)
    {
        return await TryReadAsync(collection, cancellationToken) ?? throw new CollectionNotFoundException(collection);
    }

    public Task<VersionedManifest?> TryReadAsync(string collection, CancellationToken cancellationToken = default)
    {
        return TryReadBlobAsync(BlobLayout.Manifest(collection), cancellationToken);
    }

    internal async Task<VersionedManifest?> TryReadBlobAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            Response<BlobDownloadResult> response = await StorageFailures.GuardAsync(
                () => _storage.Container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken), cancellationToken);
            CollectionManifest manifest = response.Value.Content.ToObjectFromJson<CollectionManifest>(Json)
                ?? throw new InvalidDataException($"Manifest '{blobName}' is empty.");
            return new VersionedManifest(manifest, response.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (StorageFailures.IsNotFound(ex))
        {
            return null;
        }
    }

    /// <summary>Writes a new manifest if none exists; returns false when another one is already there.</summary>
    public async Task<bool> TryCreateAsync(CollectionManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        try
        {
            await Blob(manifest.Name).UploadAsync(
                BinaryData.FromObjectAsJson(manifest, Json),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken);
            try
            {
                await _marker.CreateAsync(manifest.Name, cancellationToken);
            }
            catch (StorageUnavailableException)
            {
                // The collection exists and works without its marker (readers list every time) until compaction makes it.
            }

            return true;
        }
        catch (RequestFailedException ex) when (StorageFailures.IsAlreadyExists(ex))
        {
            return false;
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> by compare-and-swap, re-reading and re-applying on 412. The change returns
    /// null to give up (then nothing is written and null is returned).
    /// </summary>
    public async Task<VersionedManifest?> UpdateAsync(
        string collection,
        Func<CollectionManifest, CollectionManifest?> change,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        while (true)
        {
            VersionedManifest current = await ReadAsync(collection, cancellationToken);
            CollectionManifest? next = change(current.Manifest);
            if (next is null)
            {
                return null;
            }

            try
            {
                Response<BlobContentInfo> written = await Blob(collection).UploadAsync(
                    BinaryData.FromObjectAsJson(next, Json),
                    new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = current.ETag } },
                    cancellationToken);
                await _marker.TouchAsync(collection, cancellationToken);
                return new VersionedManifest(next, written.Value.ETag);
            }
            catch (RequestFailedException ex) when (StorageFailures.IsConditionFailed(ex))
            {
                // Someone else changed it between our read and write: read again and re-apply.
            }
        }
    }

    /// <summary>Lists the manifests of every collection.</summary>
    public async Task<IReadOnlyList<CollectionManifest>> ListAsync(CancellationToken cancellationToken = default)
    {
        var manifests = new List<CollectionManifest>();
        // One level of hierarchy: "collections/{name}/" prefixes, without listing the logs and segments beneath.
        await foreach (BlobHierarchyItem item in _storage.Container.GetBlobsByHierarchyAsync(
            new GetBlobsByHierarchyOptions { Prefix = BlobLayout.CollectionsPrefix, Delimiter = "/" }, cancellationToken))
        {
            if (item.IsPrefix && await TryReadBlobAsync(item.Prefix + BlobLayout.ManifestFileName, cancellationToken) is { } manifest)
            {
                manifests.Add(manifest.Manifest);
            }
        }

        return manifests;
    }

    public async Task<bool> DeleteAsync(string collection, CancellationToken cancellationToken = default)
    {
        Response<bool> deleted = await Blob(collection).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        return deleted.Value;
    }

    private BlobClient Blob(string collection) => _storage.Container.GetBlobClient(BlobLayout.Manifest(collection));
}
