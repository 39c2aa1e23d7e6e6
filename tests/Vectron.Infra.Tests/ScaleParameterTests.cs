using System.Globalization;
using System.Text.Json.Nodes;
using Vectron.Infra.Tests.Infrastructure;

namespace Vectron.Infra.Tests;

/// <summary>
/// The scale parameters (cache size, always-ready and maximum instances) reach the app: seeded random cases over
/// each parameter's declared range, each predicted by the Bicep CLI.
/// </summary>
[Collection(CompiledInfraTests.Name)]
public sealed class ScaleParameterTests(CompiledInfraFixture infra)
{
    [Fact]
    public async Task Snapshot_RandomScaleParameters_SizeInstancesAndPassSettingsThrough()
    {
        var flexInstanceSizes = infra.MainTemplate["definitions"]!["instanceMemory"]!["allowedValues"]!.AsArray()
            .Select(v => (int)v!).ToList();
        var cache = Range("cacheMegabytes");
        var alwaysReady = Range("alwaysReadyInstances");
        var maximum = Range("maximumInstanceCount");
        var random = new Random(20261125);
        // Both ends of each range, then random points inside it.
        var cases = new List<(int Cache, int AlwaysReady, int Maximum)>
        {
            (cache.Min, alwaysReady.Min, maximum.Min),
            (cache.Max, alwaysReady.Max, maximum.Max),
        };
        for (var i = 0; i < 3; i++)
        {
            cases.Add((random.Next(cache.Min, cache.Max + 1), random.Next(alwaysReady.Min, alwaysReady.Max + 1),
                random.Next(maximum.Min, maximum.Max + 1)));
        }

        var snapshots = await Task.WhenAll(cases.Select(c => infra.Workspace.SnapshotAsync("vectron-scale", new Dictionary<string, object>
        {
            ["cacheMegabytes"] = c.Cache,
            ["alwaysReadyInstances"] = c.AlwaysReady,
            ["maximumInstanceCount"] = c.Maximum,
        })));

        var memoryByCache = new SortedDictionary<int, int>();
        foreach (var ((cacheMegabytes, readyInstances, maximumInstances), snapshot) in cases.Zip(snapshots))
        {
            var scale = ScaleOf(snapshot);
            var memory = (int)scale["instanceMemoryMB"]!;
            Assert.Contains(memory, flexInstanceSizes);
            Assert.True(memory > cacheMegabytes, $"{memory} MB instances cannot hold a {cacheMegabytes} MB cache.");
            memoryByCache[cacheMegabytes] = memory;

            Assert.Equal(cacheMegabytes.ToString(CultureInfo.InvariantCulture), snapshot.AppSettings[AppSettingNames.CacheMegabytes]);
            Assert.Equal(maximumInstances, (int)scale["maximumInstanceCount"]!);
            AssertAlwaysReady(readyInstances, scale);
        }

        // More cache never buys a smaller instance.
        Assert.Equal(memoryByCache.Values.Order(), memoryByCache.Values);
    }

    [Fact]
    public async Task Snapshot_EveryParameterJustOutsideItsRange_IsRejected()
    {
        var cases = RangedParameters().SelectMany(p => new[] { (p.Name, Value: p.Min - 1), (p.Name, Value: p.Max + 1) }).ToList();
        Assert.NotEmpty(cases);

        var outcomes = await Task.WhenAll(cases.Select(async c =>
        {
            try
            {
                await infra.Workspace.SnapshotAsync("vectron-range", new Dictionary<string, object> { [c.Name] = c.Value });
                return null;
            }
            catch (BicepFailedException error)
            {
                return error.Result;
            }
        }));

        foreach (var (c, outcome) in cases.Zip(outcomes))
        {
            Assert.True(outcome is not null, $"{c.Name} = {c.Value} was accepted.");
            // BCP327: value too large; BCP328: too small.
            Assert.Contains(outcome.Diagnostics, d => d.Contains("BCP327", StringComparison.Ordinal) || d.Contains("BCP328", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Snapshot_AzdEnvironment_ReachesTheTemplateThroughMainParameters()
    {
        var environment = CompiledInfraFixture.AzdEnvironment;
        var scale = ScaleOf(infra.Snapshot);

        Assert.Equal(environment["VECTRON_CACHE_MEGABYTES"], infra.Snapshot.AppSettings[AppSettingNames.CacheMegabytes]);
        Assert.Equal(int.Parse(environment["VECTRON_MAXIMUM_INSTANCE_COUNT"], CultureInfo.InvariantCulture), (int)scale["maximumInstanceCount"]!);
        AssertAlwaysReady(int.Parse(environment["VECTRON_ALWAYS_READY_INSTANCES"], CultureInfo.InvariantCulture), scale);
        Assert.Equal(environment["AZURE_ENV_NAME"], (string?)infra.Snapshot.Single(ResourceTypes.ResourceGroup)["tags"]!["azd-env-name"]);
    }

    [Fact]
    public async Task Snapshot_DefaultParameters_ScaleToZero()
    {
        var snapshot = await infra.Workspace.SnapshotMainParametersAsync(new Dictionary<string, string>());

        Assert.Empty(ScaleOf(snapshot)["alwaysReady"]!.AsArray());
    }

    private static JsonNode ScaleOf(DeploymentSnapshot snapshot) =>
        snapshot.FunctionApp["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!;

    private static void AssertAlwaysReady(int instances, JsonNode scale)
    {
        var alwaysReady = scale["alwaysReady"]!.AsArray();
        if (instances == 0)
        {
            Assert.Empty(alwaysReady);
            return;
        }

        var http = Assert.Single(alwaysReady)!;
        Assert.Equal("http", (string?)http["name"]);
        Assert.Equal(instances, (int)http["instanceCount"]!);
    }

    // The range main.bicep declares (@minValue/@maxValue, directly or through an imported type), read from the
    // compiled template so it has one home.
    private (int Min, int Max) Range(string parameter)
    {
        var declaration = Declaration(parameter);
        return ((int)declaration["minValue"]!, (int)declaration["maxValue"]!);
    }

    private IEnumerable<(string Name, int Min, int Max)> RangedParameters() =>
        infra.MainTemplate["parameters"]!.AsObject()
            .Select(p => (p.Key, Declaration: Declaration(p.Key)))
            .Where(p => p.Declaration["minValue"] is not null && p.Declaration["maxValue"] is not null)
            .Select(p => (p.Key, (int)p.Declaration["minValue"]!, (int)p.Declaration["maxValue"]!));

    private JsonNode Declaration(string parameter)
    {
        var declaration = infra.MainTemplate["parameters"]![parameter]!;
        return (string?)declaration["$ref"] is { } reference
            ? infra.MainTemplate["definitions"]![reference["#/definitions/".Length..]]!
            : declaration;
    }
}
