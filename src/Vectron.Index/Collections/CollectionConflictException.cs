namespace Vectron.Index.Collections;

/// <summary>A collection of that name already exists with different settings.</summary>
public sealed class CollectionConflictException : Exception
{
    public CollectionConflictException(string collection, CollectionSettings existing, CollectionSettings requested)
        : base($"Collection '{collection}' already exists with different settings ({existing}); requested {requested}.")
    {
        Collection = collection;
        Existing = existing;
    }

    public CollectionConflictException()
    {
        Collection = string.Empty;
    }

    public CollectionConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        Collection = string.Empty;
    }

    public string Collection { get; }

    /// <summary>The settings the existing collection has.</summary>
    public CollectionSettings? Existing { get; }
}
