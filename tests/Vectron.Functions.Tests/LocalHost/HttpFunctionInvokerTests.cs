using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vectron.Functions.LocalHost;

namespace Vectron.Functions.Tests.LocalHost;

public sealed class HttpFunctionInvokerTests
{
    private static readonly SampleDependency Dependency = new();
    private static readonly CancellationTokenSource Aborted = new();

    [Fact]
    public async Task InvokeAsync_InstanceMethod_BindsRouteQueryRequestAndTokenFromDI()
    {
        var random = new Random(42);
        for (var i = 0; i < 20; i++)
        {
            var name = $"n{random.Next()}";
            var count = random.Next(-1000, 1000);
            var fromRoute = i % 2 == 0;
            var context = Context(HttpMethods.Put);
            if (fromRoute)
            {
                context.Request.RouteValues["name"] = name;
                context.Request.RouteValues["count"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                context.Request.QueryString = QueryString.Create(new Dictionary<string, string?> { ["name"] = name, ["count"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            }

            await Invoker(nameof(SampleFunctions.Echo)).InvokeAsync(context);

            Assert.Equal(200, context.Response.StatusCode);
            using var body = JsonDocument.Parse(ResponseText(context));
            Assert.Equal(name, body.RootElement.GetProperty("name").GetString());
            Assert.Equal(count, body.RootElement.GetProperty("count").GetInt32());
            Assert.Equal(Dependency.Tag, body.RootElement.GetProperty("tag").GetString());
            Assert.Equal(HttpMethods.Put, body.RootElement.GetProperty("method").GetString());
            Assert.True(body.RootElement.GetProperty("cancellable").GetBoolean());
        }
    }

    [Fact]
    public async Task InvokeAsync_InstanceMethod_DisposesTheInstance()
    {
        var before = SampleFunctions.Disposed;

        await Invoker(nameof(SampleFunctions.Echo)).InvokeAsync(Context(HttpMethods.Get));

        Assert.Equal(before + 1, SampleFunctions.Disposed);
    }

    [Fact]
    public async Task InvokeAsync_StaticValueTaskOfIResult_ExecutesResultWithDefault()
    {
        var context = Context(HttpMethods.Get);
        context.Request.Path = "/api/static";

        await Invoker(nameof(SampleFunctions.StaticValueTaskAsync)).InvokeAsync(context);

        Assert.Equal(202, context.Response.StatusCode);
        Assert.Equal("/api/static|fallback", ResponseText(context));
    }

    [Fact]
    public async Task InvokeAsync_FunctionThrows_PropagatesUnwrapped()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Invoker(nameof(SampleFunctions.ThrowsAsync)).InvokeAsync(Context(HttpMethods.Get)));

        Assert.Equal("function failed", error.Message);
    }

    [Theory]
    [InlineData(nameof(SampleFunctions.WrongReturn), "String")]
    [InlineData(nameof(SampleFunctions.WrongParameter), "stream")]
    [InlineData(nameof(SampleFunctions.Overloaded), "found 2")]
    [InlineData("Missing", "found 0")]
    public void Create_UnsupportedMethod_FailsAtStartNamingTheProblem(string method, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Invoker(method));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static HttpFunctionInvoker Invoker(string method)
        => HttpFunctionInvoker.Create(new FunctionMetadata(method, "Vectron.Functions.Tests.dll", $"{typeof(SampleFunctions).FullName}.{method}", []));

    private static DefaultHttpContext Context(string method)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(Dependency);
        services.AddMvcCore();
        var context = new DefaultHttpContext { RequestServices = services.BuildServiceProvider() };
        context.Request.Method = method;
        context.RequestAborted = Aborted.Token;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string ResponseText(HttpContext context)
    {
        context.Response.Body.Position = 0;
        return new StreamReader(context.Response.Body).ReadToEnd();
    }
}
