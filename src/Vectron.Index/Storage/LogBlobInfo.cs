namespace Vectron.Index.Storage;

/// <summary>A log blob as listed: its name, current length, whether it is sealed (no more appends), last write.</summary>
public sealed record LogBlobInfo(string BlobName, long Length, bool IsSealed, DateTimeOffset LastModified);
