using System.Buffers;

namespace Vectron.Index.Collections;

/// <summary>The one home of the collection-name rule: lower-case letters, digits and '-', 3 to 63 characters.</summary>
public static class CollectionName
{
    public const int MinLength = 3;
    public const int MaxLength = 63;

    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>Throws <see cref="VectronValidationException"/> (field <c>name</c>) unless the name is valid.</summary>
    public static void Validate(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length < MinLength || name.Length > MaxLength)
        {
            throw new VectronValidationException("name", $"A collection name has {MinLength} to {MaxLength} characters.");
        }

        if (name.AsSpan().ContainsAnyExcept(Allowed))
        {
            throw new VectronValidationException("name", "A collection name holds only lower-case letters, digits and '-'.");
        }
    }

    public static bool IsValid(string? name)
    {
        return !string.IsNullOrEmpty(name) && name.Length is >= MinLength and <= MaxLength
            && !name.AsSpan().ContainsAnyExcept(Allowed);
    }
}
