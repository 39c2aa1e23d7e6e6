namespace Vectron.Functions.LocalHost;

/// <summary>Endpoint metadata: the auth level functions.metadata gives an HTTP function (<c>anonymous</c>, <c>function</c>, <c>admin</c>).</summary>
internal sealed record FunctionAuthLevel(string Level)
{
    public const string Anonymous = "anonymous";

    /// <summary>Every level but anonymous needs a key in Azure, and on the local host when it has one.</summary>
    public bool RequiresKey => !Level.Equals(Anonymous, StringComparison.OrdinalIgnoreCase);
}
