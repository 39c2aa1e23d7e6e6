using System.Text.Json;

namespace Vectron.Index.Search.Filters;

/// <summary>A compiled metadata filter, evaluated against each row's metadata during the scan.</summary>
/// <remarks>
/// Syntax (a JSON object; several keys in one object must all hold):
/// <c>{"field": value}</c> equality with a string, number, boolean or null;
/// <c>{"field": {"$eq": v, "$ne": v, "$in": [v, ...], "$gt": n, "$gte": n, "$lt": n, "$lte": n}}</c>;
/// <c>{"$and": [filter, ...]}</c>, <c>{"$or": [filter, ...]}</c>.
/// Fields are top-level metadata properties. A missing field matches only <c>$ne</c>; numbers compare as
/// doubles; a field holding an array or object equals no scalar; range operators match numbers only.
/// </remarks>
public sealed class MetadataFilter
{
    private readonly FilterNode root;

    private MetadataFilter(FilterNode root, string key)
    {
        this.root = root;
        Key = key;
    }

    /// <summary>The filter as compact JSON; bitmaps of matching rows are cached per block under this key.</summary>
    public string Key { get; }

    /// <summary>Compiles a filter from JSON text.</summary>
    /// <exception cref="InvalidFilterException">The text is not JSON or not a valid filter.</exception>
    public static MetadataFilter Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new InvalidFilterException(FilterParser.RootPath, "is not valid JSON.", exception);
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    /// <summary>Compiles a filter from a JSON element (for example the <c>filter</c> property of a request).</summary>
    /// <exception cref="InvalidFilterException">The element is not a valid filter.</exception>
    public static MetadataFilter Parse(JsonElement filter) =>
        new(FilterParser.Parse(filter), JsonSerializer.Serialize(filter));

    /// <summary>Whether a row with this metadata matches. <paramref name="metadata"/> may be <c>default</c> (no
    /// metadata), which behaves as an empty object.</summary>
    public bool Matches(JsonElement metadata) => root.Matches(metadata);
}
