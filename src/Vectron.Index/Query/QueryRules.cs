using Vectron.Index.Collections;

namespace Vectron.Index.Query;

/// <summary>What a query must give: exactly one of a text to embed or a vector, and a text worth embedding.</summary>
public static class QueryRules
{
    /// <summary>Throws a <see cref="VectronValidationException"/> naming <c>text</c> or <c>vector</c> unless exactly
    /// one of them is given and the text, when given, is valid.</summary>
    public static void ValidateInput(string? text, bool hasVector)
    {
        if ((text is null) != hasVector)
        {
            throw new VectronValidationException(text is null ? "text" : "vector", "Give exactly one of 'text' (embedded by the server) or 'vector'.");
        }

        if (text is not null)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new VectronValidationException("text", "The query text must not be empty or only white space.");
            }

            DocumentRules.ValidateText(text, "text");
        }
    }
}
