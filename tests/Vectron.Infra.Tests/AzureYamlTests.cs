using Vectron.Infra.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Vectron.Infra.Tests;

/// <summary>azure.yaml parses, uses only keys of the azd schema, and points at files and resources that exist.</summary>
[Collection(CompiledInfraTests.Name)]
public sealed class AzureYamlTests(CompiledInfraFixture infra)
{
    // Top-level properties of the azd v1.0 azure.yaml schema; anything else is a typo azd would reject.
    private static readonly HashSet<string> TopLevelKeys =
        ["name", "resourceGroup", "metadata", "infra", "services", "resources", "pipeline", "hooks", "requiredVersions", "state", "platform", "workflows", "cloud"];

    private static readonly HashSet<string> ServiceKeys =
        ["project", "language", "host", "module", "dist", "resourceName", "image", "docker", "hooks", "k8s", "config", "env", "apiVersion", "uses", "resourceGroup"];

    private static readonly YamlMappingNode Root = Load();

    [Fact]
    public void AzureYaml_TopLevel_UsesOnlySchemaKeysAndNamesTheProject()
    {
        Assert.Subset(TopLevelKeys, Keys(Root));
        Assert.Equal("vectron", Scalar(Root, "name"));
    }

    [Fact]
    public void AzureYaml_Infra_PointsAtMainBicepAndItsParameters()
    {
        var infraNode = (YamlMappingNode)Root["infra"];
        var folder = Path.Combine(RepositoryPaths.Root, Scalar(infraNode, "path"));

        Assert.Equal("bicep", Scalar(infraNode, "provider"));
        Assert.True(File.Exists(Path.Combine(folder, $"{Scalar(infraNode, "module")}.bicep")));
        Assert.True(File.Exists(Path.Combine(folder, $"{Scalar(infraNode, "module")}.bicepparam")));
    }

    [Fact]
    public void AzureYaml_Services_AreDotnetFunctionProjectsThatExist()
    {
        var services = (YamlMappingNode)Root["services"];

        Assert.NotEmpty(services.Children);
        foreach (var (name, node) in services.Children)
        {
            var service = (YamlMappingNode)node;
            Assert.Subset(ServiceKeys, Keys(service));
            Assert.Equal("dotnet", Scalar(service, "language"));
            Assert.Equal("function", Scalar(service, "host"));
            var project = Path.Combine(RepositoryPaths.Root, Scalar(service, "project"));
            Assert.True(Directory.EnumerateFiles(project, "*.csproj").Any(), $"Service {name}: no project in {project}.");
        }
    }

    [Fact]
    public void AzureYaml_EveryService_HasAFunctionAppTaggedWithItsName()
    {
        var services = ((YamlMappingNode)Root["services"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value!);
        var tagged = infra.Snapshot.OfType(ResourceTypes.Site)
            .Select(site => (string?)site["tags"]?["azd-service-name"])
            .ToList();

        Assert.All(services, service => Assert.Contains(service, tagged));
    }

    private static YamlMappingNode Load()
    {
        using var reader = new StreamReader(RepositoryPaths.AzureYaml);
        var yaml = new YamlStream();
        yaml.Load(reader);
        return (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
    }

    private static HashSet<string> Keys(YamlMappingNode node) =>
        [.. node.Children.Keys.Select(k => ((YamlScalarNode)k).Value!)];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;
}
