namespace Vectron.Index.Storage;

/// <summary>A log blob as listed: its name, current length, and whether its writer sealed it (no more appends).</summary>
public sealed record LogBlobInfo(string BlobName, long Length, bool IsSealed);
