using System.Globalization;
using System.Text.Json;
using Vectron.Index.Collections;
using Vectron.Index.Query;
using Vectron.Index.Search;
using Vectron.Index.Search.Filters;

namespace Vectron.Functions.Query;

/// <summary>
/// Body of <c>POST /api/collections/{name}/query</c>: <c>{text | vector, topK?, filter?, include?, consistency?, mode?, oversample?}</c>.
/// topK and the vector are checked by the query service (their one home); this checks what only the API has.
/// </summary>
public sealed class QueryRequest
{
    public const int DefaultTopK = 10;

    public string? Text { get; init; }

    public float[]? Vector { get; init; }

    public int? TopK { get; init; }

    /// <summary>A metadata filter (<c>{"topic": "pets", "year": {"$gte": 2025}}</c>), applied during the scan.</summary>
    public JsonElement? Filter { get; init; }

    /// <summary>Any of <c>metadata</c>, <c>text</c>, <c>vector</c>.</summary>
    public IReadOnlyList<string?>? Include { get; init; }

    /// <summary><c>strong</c> (default) or <c>eventual</c>.</summary>
    public string? Consistency { get; init; }

    /// <summary><c>fast</c> (binary and int8 codes, then float32 rescoring of the candidates) or <c>exact</c> (float32
    /// scan of every row); absent: the server's default (<c>Vectron__Search__Mode</c>, fast unless configured).</summary>
    public string? Mode { get; init; }

    /// <summary>In fast mode, how many candidates per hit are rescored in float32; the query service checks the range.</summary>
    public int? Oversample { get; init; }

    /// <summary>Throws naming the field at fault; the filter's own errors name their path (<c>filter.year.$gte</c>).</summary>
    public void Validate() => QueryRules.ValidateInput(Text, Vector is not null);

    public MetadataFilter? ParsedFilter()
        => Filter is { ValueKind: not JsonValueKind.Null } filter ? MetadataFilter.Parse(filter) : null;

    public QueryInclude ParsedInclude()
    {
        var include = QueryInclude.None;
        for (var i = 0; i < (Include?.Count ?? 0); i++)
        {
            include |= Include![i]?.ToLowerInvariant() switch
            {
                "metadata" => QueryInclude.Metadata,
                "text" => QueryInclude.Text,
                "vector" => QueryInclude.Vector,
                _ => throw new VectronValidationException(
                    string.Create(CultureInfo.InvariantCulture, $"include[{i}]"), "Include lists any of 'metadata', 'text', 'vector'."),
            };
        }

        return include;
    }

    public QueryMode? ParsedMode() => Mode?.ToLowerInvariant() switch
    {
        null => null,
        "exact" => QueryMode.Exact,
        "fast" => QueryMode.Fast,
        _ => throw new VectronValidationException("mode", "Mode is 'exact' or 'fast'."),
    };

    public ConsistencyMode ParsedConsistency() => Consistency?.ToLowerInvariant() switch
    {
        null or "strong" => ConsistencyMode.Strong,
        "eventual" => ConsistencyMode.Eventual,
        _ => throw new VectronValidationException("consistency", "Consistency is 'strong' or 'eventual'."),
    };
}
