using System.Text.Json;

namespace Vectron.Functions.LocalHost;

/// <summary>
/// One entry of <c>functions.metadata</c>, the file Microsoft.Azure.Functions.Worker.Sdk writes next to the build
/// output from the <c>[Function]</c> attributes and the Functions host reads. Only the members the local host uses.
/// </summary>
public sealed record FunctionMetadata(string Name, string ScriptFile, string EntryPoint, IReadOnlyList<BindingMetadata> Bindings)
{
    public const string FileName = "functions.metadata";

    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The trigger binding: the one whose type ends in "Trigger".</summary>
    public BindingMetadata? Trigger => Bindings.FirstOrDefault(b => b.Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase));

    public static async Task<IReadOnlyList<FunctionMetadata>> ReadAsync(string directory, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{FileName} was not found in '{directory}'. Build Vectron.Functions first; the Functions worker SDK writes it to the output folder.", path);
        }

        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<FunctionMetadata[]>(stream, SerializerOptions, cancellationToken)
            ?? throw new InvalidDataException($"{path} is empty.");
    }
}

/// <summary>One binding of a function: for an HTTP trigger, its auth level, methods and route template.</summary>
public sealed record BindingMetadata(string Name, string Type, string Direction, string? AuthLevel, IReadOnlyList<string>? Methods, string? Route)
{
    public const string HttpTriggerType = "httpTrigger";

    public bool IsHttpTrigger => Type.Equals(HttpTriggerType, StringComparison.OrdinalIgnoreCase);
}
