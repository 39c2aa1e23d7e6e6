namespace Vectron.Functions.Http;

/// <summary>
/// Describes an HTTP function for the OpenAPI document. Routes, methods and auth levels are not repeated here:
/// the document takes them from functions.metadata, so it always matches what the hosts serve.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ApiOperationAttribute(string summary) : Attribute
{
    public string Summary { get; } = summary;

    /// <summary>The JSON request body's type, when there is one.</summary>
    public Type? Request { get; init; }

    /// <summary>The success answer's body type; none for 204.</summary>
    public Type? Response { get; init; }

    public int SuccessStatus { get; init; } = 200;
}
