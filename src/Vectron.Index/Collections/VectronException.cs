namespace Vectron.Index.Collections;

/// <summary>
/// Base of the errors Vectron reports to its callers. Hosts map each subclass once to a protocol answer
/// (the Functions app: 400, 404, 409, 503), so a new error type only has to pick the right base.
/// </summary>
public abstract class VectronException : Exception
{
    protected VectronException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
