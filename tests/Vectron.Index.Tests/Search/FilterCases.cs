using System.Text;
using System.Text.Json;

namespace Vectron.Index.Tests.Search;

/// <summary>Random metadata and random filters with an independent, naive evaluation of the filter semantics.</summary>
internal static class FilterCases
{
    private static readonly string[] Fields = ["price", "tag", "flag", "maybe", "list", "absent"];
    private static readonly string[] Operators = ["=", "$eq", "$ne", "$in", "$gt", "$gte", "$lt", "$lte"];

    /// <summary>A metadata object (or none), each field present or not, sometimes of an unexpected type.</summary>
    public static JsonElement RandomMetadata(Random random) =>
        random.Next(8) == 0 ? default : ToJson(RandomMetadataValues(random));

    public static Dictionary<string, object?> RandomMetadataValues(Random random)
    {
        var values = new Dictionary<string, object?>();
        foreach (string field in Fields[..^1])
        {
            if (random.Next(5) != 0)
            {
                values[field] = random.Next(6) == 0 ? RandomScalar(random, "any") : RandomScalar(random, field);
            }
        }

        if (random.Next(6) == 0)
        {
            values["list"] = new[] { 1.0, 2.0 };
        }

        return values;
    }

    public static JsonElement ToJson(Dictionary<string, object?> values)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach ((string name, object? value) in values)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
        }

        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    public static FilterModel RandomFilter(Random random, int depth = 0)
    {
        int shape = depth >= 2 ? random.Next(2) : random.Next(4);
        switch (shape)
        {
            case 0:
                return RandomField(random, Fields[random.Next(Fields.Length)]);
            case 1:
                string[] fields = [.. Fields.OrderBy(_ => random.Next()).Take(random.Next(1, 4))];
                return new AllFieldsModel([.. fields.Select(field => RandomField(random, field))]);
            default:
                FilterModel[] children = [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomFilter(random, depth + 1))];
                return new LogicModel(shape == 2 ? "$and" : "$or", children);
        }
    }

    private static FieldModel RandomField(Random random, string field)
    {
        int count = random.Next(1, 3);
        var conditions = new List<(string Op, object? Operand)>();
        for (int i = 0; i < count; i++)
        {
            string op = Operators[random.Next(count == 1 ? 0 : 1, Operators.Length)];
            if (conditions.Exists(existing => existing.Op == op))
            {
                continue;
            }

            object? operand = op switch
            {
                "$in" => Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomScalar(random, field)).ToArray(),
                "$gt" or "$gte" or "$lt" or "$lte" => (double)random.Next(0, 6),
                _ => random.Next(5) == 0 ? RandomScalar(random, "any") : RandomScalar(random, field),
            };
            conditions.Add((op, operand));
        }

        return new FieldModel(field, conditions);
    }

    private static object? RandomScalar(Random random, string field) => field switch
    {
        "price" => random.Next(0, 6) + (random.Next(4) == 0 ? 0.5 : 0),
        "tag" => ((char)('a' + random.Next(3))).ToString(),
        "flag" => random.Next(2) == 0,
        "maybe" => random.Next(2) == 0 ? null : random.Next(0, 3),
        _ => random.Next(5) switch { 0 => null, 1 => "a", 2 => true, 3 => (double)random.Next(0, 6), _ => "3" },
    };

    internal static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string text: writer.WriteStringValue(text); break;
            case bool flag: writer.WriteBooleanValue(flag); break;
            case int number: writer.WriteNumberValue(number); break;
            case double number: writer.WriteNumberValue(number); break;
            case System.Collections.IEnumerable items:
                writer.WriteStartArray();
                foreach (object? item in items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default: throw new ArgumentException($"Unexpected value {value}", nameof(value));
        }
    }

    // The semantics the filter documents: same JSON type and value; arrays equal no scalar.
    internal static bool NaiveEquals(object? actual, object? expected) => (actual, expected) switch
    {
        (null, null) => true,
        (string a, string b) => a == b,
        (bool a, bool b) => a == b,
        (int or double, int or double) => Convert.ToDouble(actual, null) == Convert.ToDouble(expected, null),
        _ => false,
    };
}

internal abstract record FilterModel
{
    public abstract bool Evaluate(IReadOnlyDictionary<string, object?> metadata);

    /// <summary>Writes this filter's properties into an open JSON object.</summary>
    public abstract void WriteProperties(Utf8JsonWriter writer);

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            WriteProperties(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

/// <summary>Conditions on one field; "=" alone is the implicit-equality shorthand.</summary>
internal sealed record FieldModel(string Field, List<(string Op, object? Operand)> Conditions) : FilterModel
{
    public override bool Evaluate(IReadOnlyDictionary<string, object?> metadata) =>
        Conditions.TrueForAll(condition => Holds(metadata, condition.Op, condition.Operand));

    public override void WriteProperties(Utf8JsonWriter writer)
    {
        writer.WritePropertyName(Field);
        if (Conditions is [("=", var value)])
        {
            FilterCases.WriteValue(writer, value);
            return;
        }

        writer.WriteStartObject();
        foreach ((string op, object? operand) in Conditions)
        {
            writer.WritePropertyName(op == "=" ? "$eq" : op);
            FilterCases.WriteValue(writer, operand);
        }

        writer.WriteEndObject();
    }

    private bool Holds(IReadOnlyDictionary<string, object?> metadata, string op, object? operand)
    {
        if (!metadata.TryGetValue(Field, out object? actual))
        {
            return op == "$ne";
        }

        double bound = operand is double number ? number : double.NaN;
        bool isNumber = actual is int or double;
        double value = isNumber ? Convert.ToDouble(actual, null) : double.NaN;
        return op switch
        {
            "=" or "$eq" => FilterCases.NaiveEquals(actual, operand),
            "$ne" => !FilterCases.NaiveEquals(actual, operand),
            "$in" => ((object?[])operand!).Any(item => FilterCases.NaiveEquals(actual, item)),
            "$gt" => isNumber && value > bound,
            "$gte" => isNumber && value >= bound,
            "$lt" => isNumber && value < bound,
            "$lte" => isNumber && value <= bound,
            _ => throw new InvalidOperationException(op),
        };
    }
}

/// <summary>Several fields in one object: all must hold.</summary>
internal sealed record AllFieldsModel(FieldModel[] Fields) : FilterModel
{
    public override bool Evaluate(IReadOnlyDictionary<string, object?> metadata) => Fields.All(field => field.Evaluate(metadata));

    public override void WriteProperties(Utf8JsonWriter writer)
    {
        foreach (FieldModel field in Fields)
        {
            field.WriteProperties(writer);
        }
    }
}

internal sealed record LogicModel(string Op, FilterModel[] Children) : FilterModel
{
    public override bool Evaluate(IReadOnlyDictionary<string, object?> metadata) =>
        Op == "$and" ? Children.All(child => child.Evaluate(metadata)) : Children.Any(child => child.Evaluate(metadata));

    public override void WriteProperties(Utf8JsonWriter writer)
    {
        writer.WriteStartArray(Op);
        foreach (FilterModel child in Children)
        {
            writer.WriteStartObject();
            child.WriteProperties(writer);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
