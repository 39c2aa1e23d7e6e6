namespace Vectron.Index.Collections;

/// <summary>Something the caller named does not exist, e.g. a collection or a document.</summary>
public class VectronNotFoundException : VectronException
{
    public VectronNotFoundException(string resourceKind, string name, Exception? innerException = null)
        : base($"The {resourceKind} '{name}' does not exist.", innerException)
    {
        ResourceKind = resourceKind;
        Name = name;
    }

    /// <summary>What kind of thing is missing, e.g. <c>collection</c>.</summary>
    public string ResourceKind { get; }

    /// <summary>The name or id the caller used.</summary>
    public string Name { get; }
}
