namespace Vectron.Index.Collections;

/// <summary>The request contradicts the current state, e.g. creating a collection that exists with other settings.</summary>
public class VectronConflictException : VectronException
{
    public VectronConflictException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
