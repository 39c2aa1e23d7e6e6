namespace Vectron.Index.Collections;

/// <summary>One document to write: id, vector (normalised on write), optional metadata JSON object and text.</summary>
public sealed record DocumentUpsert(string Id, ReadOnlyMemory<float> Vector, string? MetadataJson = null, string? Text = null);
