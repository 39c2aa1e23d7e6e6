namespace Vectron.Index.Collections;

/// <summary>A collection's name and the settings it was created with.</summary>
public sealed record CollectionInfo(string Name, CollectionSettings Settings, DateTimeOffset CreatedAt);
