using System.Text.RegularExpressions;
using Vectron.Functions.LocalHost;

namespace Vectron.Functions.Tests.Hostile;

/// <summary>
/// One method of one HTTP function as the built functions.metadata declares it, so a new route is fuzzed without
/// touching the tests.
/// </summary>
internal sealed partial record HttpRoute(string Function, string Method, string Template, bool RequiresKey)
{
    /// <summary>The parameter names of the template, <c>{name}</c> → <c>name</c>.</summary>
    public IReadOnlyList<string> Parameters => [.. ParameterPattern().Matches(Template).Select(m => m.Groups[1].Value)];

    public bool TakesBody => Method is "POST" or "PUT" or "PATCH";

    /// <summary>Every HTTP route the local host serves, read from the build output.</summary>
    public static async Task<IReadOnlyList<HttpRoute>> ReadAllAsync()
    {
        var functions = await FunctionMetadata.ReadAsync(AppContext.BaseDirectory);
        var prefix = (await HostJson.ReadAsync(AppContext.BaseDirectory)).RoutePrefix;
        return [.. functions
            .Where(f => f.Trigger is { IsHttpTrigger: true })
            .SelectMany(f => f.Trigger!.Methods!.Select(m => new HttpRoute(
                f.Name,
                m.ToUpperInvariant(),
                "/" + string.Join('/', new[] { prefix, (f.Trigger.Route ?? f.Name).Trim('/') }.Where(s => s.Length > 0)),
                new FunctionAuthLevel(f.Trigger.AuthLevel ?? "function").RequiresKey)))
            .OrderBy(r => r.Template, StringComparer.Ordinal)
            .ThenBy(r => r.Method, StringComparer.Ordinal)];
    }

    /// <summary>The target with each parameter replaced by <paramref name="valueOf"/>'s text, inserted as it is (not escaped).</summary>
    public string Fill(Func<string, string> valueOf) => ParameterPattern().Replace(Template, m => valueOf(m.Groups[1].Value));

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)(?::[^}]*)?\}")]
    private static partial Regex ParameterPattern();
}
