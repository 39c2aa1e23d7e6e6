using Vectron.Index.Storage;

namespace Vectron.Index.Collections;

/// <summary>A document as stored: its normalised vector, metadata JSON, text, and the version that won.</summary>
public sealed record StoredDocument(string Id, ReadOnlyMemory<float> Vector, string? MetadataJson, string? Text, RecordVersion Version);
