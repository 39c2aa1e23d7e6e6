namespace Vectron.Index.Storage;

/// <summary>A blob the manifest no longer needs; deleted once the grace period has passed since it was retired.</summary>
public sealed record RetiredBlob(string BlobName, DateTimeOffset RetiredAt);
