using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Vectron.Functions.Tests.LocalHost;

/// <summary>Methods shaped like HTTP functions, for testing how the local host binds and answers.</summary>
public sealed class SampleFunctions(SampleDependency dependency) : IDisposable
{
    public static int Disposed { get; private set; }

    public IActionResult Echo(HttpRequest request, string name, int count, CancellationToken cancellationToken)
        => new OkObjectResult(new { name, count, tag = dependency.Tag, method = request.Method, cancellable = cancellationToken.CanBeCanceled });

    public static async ValueTask<IResult> StaticValueTaskAsync(HttpContext context, string? missing = "fallback")
    {
        await Task.Yield();
        return Results.Text($"{context.Request.Path}|{missing}", statusCode: StatusCodes.Status202Accepted);
    }

    public static async Task<IActionResult> ThrowsAsync(HttpRequest request)
    {
        await Task.Yield();
        throw new InvalidOperationException("function failed");
    }

    public static string WrongReturn(HttpRequest request) => request.Method;

    public static IActionResult WrongParameter(HttpRequest request, Stream stream) => new OkResult();

    public static IActionResult Overloaded(HttpRequest request) => new OkResult();

    public static IActionResult Overloaded(HttpContext context) => new OkResult();

    public void Dispose() => Disposed++;
}

public sealed class SampleDependency
{
    public string Tag { get; } = Guid.NewGuid().ToString("N");
}
