using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vectron.Infra.Tests.Infrastructure;

namespace Vectron.Infra.Tests;

/// <summary>No key, SAS or secret-bearing connection string is read, passed or returned anywhere.</summary>
[Collection(CompiledInfraTests.Name)]
public sealed partial class TemplateSecretTests(CompiledInfraFixture infra)
{
    [Fact]
    public void Template_Anywhere_CallsNoListFunction()
    {
        // listKeys, listAccountSas, listServiceSas, listCredentials...: the only ways a template can fetch a secret.
        var calls = JsonStrings.All(infra.MainTemplate).Where(s => ListCall().IsMatch(s)).ToList();

        Assert.Empty(calls);
    }

    [Fact]
    public void Outputs_OfEveryTemplateAndModule_HaveNoSecretLookingNameOrValue()
    {
        var outputs = OutputsOf(infra.MainTemplate).ToList();
        Assert.NotEmpty(outputs);

        foreach (var (name, output) in outputs)
        {
            Assert.False(SecretName().IsMatch(name), $"Output '{name}' is named like a secret.");
            Assert.NotEqual("securestring", (string?)output["type"], StringComparer.OrdinalIgnoreCase);
            Assert.NotEqual("secureObject", (string?)output["type"], StringComparer.OrdinalIgnoreCase);
            var value = output["value"]?.ToJsonString() ?? "";
            Assert.False(SecretValue().IsMatch(value), $"Output '{name}' carries a secret: {value}");
            // Even the Application Insights connection string stays out: azd would copy it into local .env files.
            Assert.DoesNotContain("ConnectionString", value, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Snapshot_Anywhere_HoldsNoKeyOrSas()
    {
        var leaks = infra.Snapshot.AllStrings().Where(s => SecretValue().IsMatch(s)).ToList();

        Assert.Empty(leaks);
    }

    // Every "outputs" block, in main.json and in each module's template nested inside it.
    private static IEnumerable<(string Name, JsonObject Output)> OutputsOf(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            if (obj["outputs"] is JsonObject outputs && obj.ContainsKey("resources"))
            {
                foreach (var (name, output) in outputs)
                {
                    yield return (name, output!.AsObject());
                }
            }

            foreach (var found in obj.Select(p => p.Value).SelectMany(OutputsOf))
            {
                yield return found;
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var found in array.SelectMany(OutputsOf))
            {
                yield return found;
            }
        }
    }

    [GeneratedRegex(@"\blist[A-Za-z]*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListCall();

    [GeneratedRegex("key|secret|password|token|connectionstring|sas", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"AccountKey=|SharedAccessSignature|[?&]sig=|SharedAccessKey|\blist[A-Za-z]*\(", RegexOptions.IgnoreCase)]
    private static partial Regex SecretValue();
}
