namespace Vectron.Index.Search.Filters;

/// <summary>A metadata filter is malformed: unknown operator, wrong value shape, bad JSON. The HTTP layer maps it
/// to 400; <see cref="Path"/> names the offending part, e.g. <c>filter.$and[1].price.$gt</c>.</summary>
public sealed class InvalidFilterException : Exception
{
    public InvalidFilterException()
        : this("The filter is invalid.")
    {
    }

    public InvalidFilterException(string message)
        : this(message, (Exception?)null)
    {
    }

    public InvalidFilterException(string message, Exception? innerException)
        : this(FilterParser.RootPath, message, innerException)
    {
    }

    public InvalidFilterException(string path, string message, Exception? innerException = null)
        : base($"{path}: {message}", innerException)
    {
        Path = path;
        Reason = message;
    }

    /// <summary>Where in the filter the problem is, starting at <c>filter</c>.</summary>
    public string Path { get; }

    /// <summary>What is wrong there, without the path.</summary>
    public string Reason { get; }
}
