using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Vectron.Functions.LocalHost;

namespace Vectron.Functions.Tests.LocalHost;

public sealed class MapFunctionsTests
{
    private const string Script = "Vectron.Functions.Tests.dll";
    private static readonly string EchoEntryPoint = $"{typeof(SampleFunctions).FullName}.{nameof(SampleFunctions.Echo)}";

    [Theory]
    [InlineData("api", "things/{name}/{count:int}", "/api/things/{name}/{count:int}")]
    [InlineData("api", "/things/", "/api/things")]
    [InlineData("", "things", "/things")]
    [InlineData("v1/api", "things", "/v1/api/things")]
    [InlineData("api", null, "/api/Echo")]
    public async Task MapFunctions_HttpTrigger_RoutesUnderPrefixWithItsMethods(string prefix, string? route, string expectedPattern)
    {
        await using var app = WebApplication.CreateBuilder().Build();
        var function = new FunctionMetadata("Echo", Script, EchoEntryPoint, [Http(route, "get", "Put")]);

        LocalFunctionsHost.MapFunctions(app, [function], prefix, NullLogger.Instance);

        var endpoint = Assert.IsType<RouteEndpoint>(Assert.Single(Endpoints(app)));
        Assert.Equal(expectedPattern, endpoint.RoutePattern.RawText);
        Assert.Equal(["GET", "PUT"], endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods);
        Assert.Equal("Echo", endpoint.DisplayName);
    }

    [Fact]
    public async Task MapFunctions_NoMethods_AcceptsAnyMethod()
    {
        await using var app = WebApplication.CreateBuilder().Build();

        LocalFunctionsHost.MapFunctions(app, [new FunctionMetadata("Echo", Script, EchoEntryPoint, [Http("echo")])], "api", NullLogger.Instance);

        Assert.Null(Assert.Single(Endpoints(app)).Metadata.GetMetadata<HttpMethodMetadata>());
    }

    [Fact]
    public async Task MapFunctions_QueueAndTimerTriggers_AreSkippedWithALogLine()
    {
        await using var app = WebApplication.CreateBuilder().Build();
        var logger = new ListLogger();
        FunctionMetadata[] functions =
        [
            new("Ingest", Script, "Nowhere.Ingest.Run", [new BindingMetadata("message", "queueTrigger", "In", null, null, null)]),
            new("Compact", Script, "Nowhere.Compact.Run", [new BindingMetadata("timer", "timerTrigger", "In", null, null, null)]),
            new("Echo", Script, EchoEntryPoint, [Http("echo", "get")]),
        ];

        LocalFunctionsHost.MapFunctions(app, functions, "api", logger);

        Assert.Equal("Echo", Assert.Single(Endpoints(app)).DisplayName);
        Assert.Contains(logger.Lines, l => l.Contains("Ingest", StringComparison.Ordinal) && l.Contains("queueTrigger", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.Contains("Compact", StringComparison.Ordinal) && l.Contains("timerTrigger", StringComparison.Ordinal));
    }

    private static BindingMetadata Http(string? route, params string[] methods)
        => new("request", BindingMetadata.HttpTriggerType, "In", "Function", methods.Length == 0 ? null : methods, route);

    private static Endpoint[] Endpoints(IEndpointRouteBuilder app) => app.DataSources.SelectMany(d => d.Endpoints).ToArray();
}
