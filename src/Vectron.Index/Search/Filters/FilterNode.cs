using System.Text.Json;

namespace Vectron.Index.Search.Filters;

internal abstract class FilterNode
{
    public abstract bool Matches(JsonElement metadata);
}

internal sealed class AllOfNode(FilterNode[] children) : FilterNode
{
    public override bool Matches(JsonElement metadata)
    {
        foreach (FilterNode child in children)
        {
            if (!child.Matches(metadata))
            {
                return false;
            }
        }

        return true;
    }
}

internal sealed class AnyOfNode(FilterNode[] children) : FilterNode
{
    public override bool Matches(JsonElement metadata)
    {
        foreach (FilterNode child in children)
        {
            if (child.Matches(metadata))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>One operator applied to one metadata field.</summary>
internal sealed class FieldNode(string field, FieldOperator op, ScalarValue[] operands) : FilterNode
{
    public override bool Matches(JsonElement metadata)
    {
        if (metadata.ValueKind != JsonValueKind.Object || !metadata.TryGetProperty(field, out JsonElement value))
        {
            return op == FieldOperator.NotEqual;
        }

        return op switch
        {
            FieldOperator.Equal => operands[0].EqualTo(value),
            FieldOperator.NotEqual => !operands[0].EqualTo(value),
            FieldOperator.In => AnyEqual(value),
            _ => value.ValueKind == JsonValueKind.Number && Compare(value.GetDouble(), operands[0].Number),
        };
    }

    private bool AnyEqual(JsonElement value)
    {
        foreach (ScalarValue operand in operands)
        {
            if (operand.EqualTo(value))
            {
                return true;
            }
        }

        return false;
    }

    private bool Compare(double actual, double bound) => op switch
    {
        FieldOperator.GreaterThan => actual > bound,
        FieldOperator.GreaterThanOrEqual => actual >= bound,
        FieldOperator.LessThan => actual < bound,
        _ => actual <= bound,
    };
}

internal enum FieldOperator
{
    Equal,
    NotEqual,
    In,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
}

/// <summary>A filter operand: a string, number, boolean or null.</summary>
internal readonly record struct ScalarValue(JsonValueKind Kind, string? Text, double Number)
{
    public static bool TryCreate(JsonElement element, out ScalarValue value)
    {
        value = element.ValueKind switch
        {
            JsonValueKind.String => new ScalarValue(JsonValueKind.String, element.GetString(), 0),
            JsonValueKind.Number => new ScalarValue(JsonValueKind.Number, null, element.GetDouble()),
            JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => new ScalarValue(element.ValueKind, null, 0),
            _ => default,
        };
        return value.Kind != JsonValueKind.Undefined;
    }

    public bool EqualTo(JsonElement actual) => actual.ValueKind == Kind && Kind switch
    {
        JsonValueKind.String => actual.ValueEquals(Text),
        JsonValueKind.Number => actual.GetDouble() == Number,
        _ => true,
    };
}
