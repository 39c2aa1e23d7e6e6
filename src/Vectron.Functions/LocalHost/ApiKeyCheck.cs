using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Vectron.Functions.Http;

namespace Vectron.Functions.LocalHost;

/// <summary>
/// Enforces <see cref="ApiKeyOptions.ApiKey"/> on the local host the way Azure enforces function keys: routes whose
/// <see cref="FunctionAuthLevel"/> is not anonymous need the key in the <c>x-functions-key</c> header or the
/// <c>code</c> query parameter, else 401 (problem details). Runs after routing and before the function, so a
/// refused request's body is never read.
/// </summary>
internal sealed class ApiKeyCheck
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    // Keys are compared as SHA-256 hashes in constant time: equal-length inputs, so neither the key's length nor a
    // matching prefix shows in the time a refusal takes.
    private readonly byte[]? expectedHash;

    public ApiKeyCheck(IOptions<ApiKeyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        expectedHash = options.Value.IsRequired ? Hash(options.Value.ApiKey!) : null;
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (expectedHash is null
            || context.GetEndpoint()?.Metadata.GetMetadata<FunctionAuthLevel>() is not { RequiresKey: true }
            || Matches(PresentedKey(context.Request)))
        {
            await next(context);
            return;
        }

        var problem = Problems.Unauthorized($"This route needs the API key in the '{HeaderName}' header or the '{QueryName}' query parameter.");
        await problem.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }

    // The header wins over the query parameter, as in Azure.
    private static string? PresentedKey(HttpRequest request) =>
        request.Headers.TryGetValue(HeaderName, out var header) && header.Count > 0
            ? header[0]
            : request.Query.TryGetValue(QueryName, out var code) && code.Count > 0 ? code[0] : null;

    private bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Hash(presented), expectedHash);

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
