using System.Text.Json.Nodes;

namespace Vectron.Infra.Tests.Infrastructure;

/// <summary>
/// The resources and outputs <c>bicep snapshot</c> predicts for one set of parameters: every module expanded and
/// every expression evaluated that can be without Azure. Values only Azure knows (an identity's ids, endpoints)
/// stay as <c>[reference('{resource id}', ...).property]</c> expressions naming the resource they come from.
/// </summary>
internal sealed class DeploymentSnapshot(JsonObject snapshot)
{
    public IReadOnlyList<JsonObject> Resources { get; } =
        [.. snapshot["predictedResources"]!.AsArray().Select(r => r!.AsObject())];

    public JsonObject Outputs { get; } = snapshot["outputs"]?.AsObject() ?? [];

    /// <summary>What the CLI could not predict or found wrong while evaluating.</summary>
    public IReadOnlyList<string> Diagnostics { get; } =
        [.. (snapshot["diagnostics"]?.AsArray() ?? []).Select(d => d!.ToJsonString())];

    public IReadOnlyList<JsonObject> OfType(string type) =>
        [.. Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase))];

    public JsonObject Single(string type)
    {
        var matches = OfType(type);
        Assert.True(matches.Count == 1, $"Expected one {type}, found {matches.Count}.");
        return matches[0];
    }

    public JsonObject FunctionApp => Single(ResourceTypes.Site);

    /// <summary>The id of the one resource of a type.</summary>
    public string IdOf(string type) => (string)Single(type)["id"]!;

    /// <summary>Names of the child resources of a type (the last segment of each name).</summary>
    public HashSet<string> ChildNames(string type) => [.. OfType(type).Select(r => ((string)r["name"]!).Split('/')[^1])];

    /// <summary>The id of the one user-assigned identity the function app runs as.</summary>
    public string FunctionAppIdentityId
    {
        get
        {
            var identity = FunctionApp["identity"]!;
            Assert.Equal("UserAssigned", (string?)identity["type"]);
            return Assert.Single(identity["userAssignedIdentities"]!.AsObject()).Key;
        }
    }

    public IReadOnlyDictionary<string, string> AppSettings =>
        Single(ResourceTypes.SiteConfig)["properties"]!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);

    /// <summary>
    /// The expression the snapshot leaves for a runtime property of the one resource of a type, e.g. an identity's
    /// <c>principalId</c> or an account's <c>primaryEndpoints.blob</c>.
    /// </summary>
    public string ReferenceTo(string type, string property)
    {
        var resource = Single(type);
        return $"[reference('{(string)resource["id"]!}', '{(string)resource["apiVersion"]!}').{property}]";
    }

    /// <summary>Every string anywhere in the snapshot (names, values, expressions), for scanning.</summary>
    public IEnumerable<string> AllStrings() => JsonStrings.All(snapshot);
}

internal static class JsonStrings
{
    /// <summary>Every property name and string value in a JSON tree.</summary>
    public static IEnumerable<string> All(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    yield return name;
                    foreach (var text in All(value))
                    {
                        yield return text;
                    }
                }

                break;
            case JsonArray array:
                foreach (var text in array.SelectMany(All))
                {
                    yield return text;
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                yield return text;
                break;
        }
    }
}
