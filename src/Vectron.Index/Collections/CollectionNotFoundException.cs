namespace Vectron.Index.Collections;

/// <summary>The named collection does not exist (or was deleted).</summary>
public sealed class CollectionNotFoundException : Exception
{
    public CollectionNotFoundException(string collection)
        : base($"Collection '{collection}' does not exist.")
    {
        Collection = collection;
    }

    public CollectionNotFoundException()
    {
        Collection = string.Empty;
    }

    public CollectionNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        Collection = string.Empty;
    }

    public string Collection { get; }
}
