using System.Text.Json;

namespace Vectron.Index.Search.Filters;

/// <summary>Turns filter JSON into <see cref="FilterNode"/>s, naming the path of anything it rejects.</summary>
internal static class FilterParser
{
    public const string RootPath = "filter";

    public static FilterNode Parse(JsonElement filter) => ParseObject(filter, RootPath);

    private static FilterNode ParseObject(JsonElement filter, string path)
    {
        if (filter.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidFilterException(path, $"must be a JSON object, not {Describe(filter)}.");
        }

        var clauses = new List<FilterNode>();
        foreach (JsonProperty property in filter.EnumerateObject())
        {
            string propertyPath = $"{path}.{property.Name}";
            clauses.Add(property.Name switch
            {
                "$and" => new AllOfNode(ParseList(property.Value, propertyPath)),
                "$or" => new AnyOfNode(ParseList(property.Value, propertyPath)),
                _ when property.Name.StartsWith('$') =>
                    throw new InvalidFilterException(propertyPath, "is not a known operator here; use $and, $or or a field name."),
                _ => ParseField(property.Name, property.Value, propertyPath),
            });
        }

        return clauses.Count == 1 ? clauses[0] : new AllOfNode([.. clauses]);
    }

    private static FilterNode[] ParseList(JsonElement list, string path) =>
        ParseArray(list, path, "filters", ParseObject);

    // A non-empty JSON array whose items are parsed one by one, each under its own path (path[index]).
    private static T[] ParseArray<T>(JsonElement array, string path, string itemsName, Func<JsonElement, string, T> parseItem)
    {
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            throw new InvalidFilterException(path, $"must be a non-empty array of {itemsName}, not {Describe(array)}.");
        }

        var items = new T[array.GetArrayLength()];
        int index = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            items[index] = parseItem(item, $"{path}[{index}]");
            index++;
        }

        return items;
    }

    private static FilterNode ParseField(string field, JsonElement condition, string path)
    {
        if (condition.ValueKind != JsonValueKind.Object)
        {
            return new FieldNode(field, FieldOperator.Equal, [ParseScalar(condition, path)]);
        }

        var clauses = new List<FilterNode>();
        foreach (JsonProperty property in condition.EnumerateObject())
        {
            string operatorPath = $"{path}.{property.Name}";
            JsonElement operand = property.Value;
            clauses.Add(property.Name switch
            {
                "$eq" => new FieldNode(field, FieldOperator.Equal, [ParseScalar(operand, operatorPath)]),
                "$ne" => new FieldNode(field, FieldOperator.NotEqual, [ParseScalar(operand, operatorPath)]),
                "$in" => new FieldNode(field, FieldOperator.In, ParseScalarList(operand, operatorPath)),
                "$gt" => new FieldNode(field, FieldOperator.GreaterThan, [ParseNumber(operand, operatorPath)]),
                "$gte" => new FieldNode(field, FieldOperator.GreaterThanOrEqual, [ParseNumber(operand, operatorPath)]),
                "$lt" => new FieldNode(field, FieldOperator.LessThan, [ParseNumber(operand, operatorPath)]),
                "$lte" => new FieldNode(field, FieldOperator.LessThanOrEqual, [ParseNumber(operand, operatorPath)]),
                _ => throw new InvalidFilterException(
                    operatorPath, "is not a known operator; use $eq, $ne, $in, $gt, $gte, $lt or $lte."),
            });
        }

        return clauses.Count switch
        {
            0 => throw new InvalidFilterException(path, "has no operator; give a value or an operator object."),
            1 => clauses[0],
            _ => new AllOfNode([.. clauses]),
        };
    }

    private static ScalarValue ParseScalar(JsonElement operand, string path) =>
        ScalarValue.TryCreate(operand, out ScalarValue value)
            ? value
            : throw new InvalidFilterException(path, $"must be a string, number, boolean or null, not {Describe(operand)}.");

    private static ScalarValue[] ParseScalarList(JsonElement operand, string path) =>
        ParseArray(operand, path, "values", ParseScalar);

    private static ScalarValue ParseNumber(JsonElement operand, string path) =>
        operand.ValueKind == JsonValueKind.Number
            ? new ScalarValue(JsonValueKind.Number, null, operand.GetDouble())
            : throw new InvalidFilterException(path, $"must be a number, not {Describe(operand)}.");

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Undefined => "nothing",
        _ => element.ValueKind.ToString().ToLowerInvariant(),
    };
}
