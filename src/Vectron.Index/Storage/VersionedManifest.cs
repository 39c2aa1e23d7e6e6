using Azure;

namespace Vectron.Index.Storage;

/// <summary>A manifest with the ETag it was read at, for compare-and-swap.</summary>
public sealed record VersionedManifest(CollectionManifest Manifest, ETag ETag);
