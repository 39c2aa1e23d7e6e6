using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vectron.Functions.Hosting;

namespace Vectron.Functions.LocalHost;

/// <summary>
/// Runs Vectron's functions without the Functions host: an ASP.NET Core app that reads the build's
/// <c>functions.metadata</c> and <c>host.json</c> and maps every HTTP trigger to its method under the same route
/// prefix, route and methods. Started by <c>Vectron.Functions --local-host</c>; listens on
/// <see cref="DefaultUrl"/> unless <c>--urls</c> (or <c>ASPNETCORE_URLS</c>) says otherwise.
/// </summary>
public static partial class LocalFunctionsHost
{
    /// <summary>The command-line switch that selects the local host instead of the Functions worker.</summary>
    public const string Switch = "--local-host";

    /// <summary>Where the local host listens by default: the port Functions Core Tools use.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7071";

    public static bool IsRequested(IEnumerable<string> args) => args.Contains(Switch, StringComparer.OrdinalIgnoreCase);

    public static async Task RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        await using var app = await BuildAsync(args, configure: null, cancellationToken);
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
    }

    /// <summary>
    /// Builds the local host. <paramref name="configure"/> runs after Vectron's services are added, so tests can
    /// add configuration or replace a service.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args.Where(a => !a.Equals(Switch, StringComparison.OrdinalIgnoreCase)).ToArray(),
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Lowest precedence, below appsettings, environment variables and the command line.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LocalSettingsFile.ReadValues(AppContext.BaseDirectory) });
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel => LocalServerLimits.Apply(kestrel.Limits));
        var functions = await FunctionMetadata.ReadAsync(AppContext.BaseDirectory, cancellationToken);
        var host = await HostJson.ReadAsync(AppContext.BaseDirectory, cancellationToken);

        // The worker's ASP.NET Core integration registers MVC's result executors; IActionResult needs them here too.
        builder.Services.AddMvcCore();
        builder.Services.AddVectronFunctions(builder.Configuration);
        builder.Services.AddOptions<ApiKeyOptions>()
            .Bind(builder.Configuration.GetSection(ApiKeyOptions.SectionName))
            .Validate(options => options.IsValid, ApiKeyOptions.Requirement)
            .ValidateOnStart();
        builder.Services.AddSingleton<ApiKeyCheck>();
        AddTriggerRunners(builder.Services, functions, host.Queues);
        configure?.Invoke(builder);

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LocalFunctionsHost).FullName!);

        // Resolved per request, not here: the key's options are validated when the host starts, not when it is built.
        app.Use(next => context => context.RequestServices.GetRequiredService<ApiKeyCheck>().InvokeAsync(context, next));
        app.Lifetime.ApplicationStarted.Register(() => LogApiKey(logger, app.Services.GetRequiredService<IOptions<ApiKeyOptions>>().Value.IsRequired
            ? "required on every route but anonymous ones"
            : "not required (Vectron:ApiKey is not set)"));
        MapFunctions(app, functions, host.RoutePrefix, logger);
        return app;
    }

    /// <summary>
    /// Registers a background runner per queue- and timer-triggered function. Methods and schedules are resolved
    /// here, so a function the local host cannot run fails the start; queue connections when the host starts.
    /// </summary>
    internal static void AddTriggerRunners(IServiceCollection services, IEnumerable<FunctionMetadata> functions, QueueSettings queues)
    {
        foreach (var function in functions)
        {
            var trigger = function.Trigger;
            if (trigger is { IsQueueTrigger: true })
            {
                var queueName = trigger.QueueName ?? throw new InvalidOperationException($"Queue trigger of function '{function.Name}' names no queue.");
                var invoker = TriggerFunctionInvoker<QueueMessage>.Create(function, QueueTriggerRunner.BindMessage);
                services.AddSingleton<IHostedService>(provider => new QueueTriggerRunner(
                    () => QueueConnection.Create(provider.GetRequiredService<IConfiguration>(), trigger.Connection),
                    queueName,
                    queues.WithOverrides(provider.GetRequiredService<IConfiguration>()),
                    invoker,
                    provider,
                    provider.GetRequiredService<ILoggerFactory>().CreateLogger<QueueTriggerRunner>()));
            }
            else if (trigger is { IsTimerTrigger: true })
            {
                var schedule = TimerTriggerRunner.ParseSchedule(trigger.Schedule ?? throw new InvalidOperationException($"Timer trigger of function '{function.Name}' has no schedule."));
                var invoker = TriggerFunctionInvoker<TimerInfo>.Create(function, TimerTriggerRunner.BindTimer);
                services.AddSingleton<IHostedService>(provider => new TimerTriggerRunner(
                    schedule,
                    invoker,
                    provider,
                    TimeProvider.System,
                    provider.GetRequiredService<ILoggerFactory>().CreateLogger<TimerTriggerRunner>()));
            }
        }
    }

    /// <summary>Maps each HTTP-triggered function; queue and timer triggers have runners, any other trigger is logged as skipped.</summary>
    internal static void MapFunctions(IEndpointRouteBuilder endpoints, IEnumerable<FunctionMetadata> functions, string routePrefix, ILogger logger)
    {
        foreach (var function in functions)
        {
            MapFunction(endpoints, function, routePrefix, logger);
        }
    }

    private static void MapFunction(IEndpointRouteBuilder endpoints, FunctionMetadata function, string routePrefix, ILogger logger)
    {
        if (function.Trigger is { IsQueueTrigger: true } or { IsTimerTrigger: true })
        {
            LogRunner(logger, function.Name, function.Trigger.Type, function.Trigger.QueueName ?? function.Trigger.Schedule ?? string.Empty);
            return;
        }

        if (function.Trigger is not { IsHttpTrigger: true } trigger)
        {
            // Listed so that nothing is silently lost.
            LogSkipped(logger, function.Name, function.Trigger?.Type ?? "none");
            return;
        }

        var invoker = HttpFunctionInvoker.Create(function);
        var route = trigger.Route ?? function.Name;
        var pattern = "/" + string.Join('/', new[] { routePrefix, route.Trim('/') }.Where(s => s.Length > 0));
        var methods = trigger.Methods is { Count: > 0 } listed ? listed.Select(m => m.ToUpperInvariant()).ToArray() : null;
        var endpoint = methods is null ? endpoints.Map(pattern, invoker.InvokeAsync) : endpoints.MapMethods(pattern, methods, invoker.InvokeAsync);
        var authLevel = new FunctionAuthLevel(trigger.AuthLevel ?? "function");
        endpoint.WithDisplayName(function.Name).WithMetadata(authLevel);
        LogMapped(logger, methods is null ? "*" : string.Join(',', methods), pattern, function.Name, authLevel.Level);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Methods} {Pattern} -> {Function} (auth level {AuthLevel})")]
    private static partial void LogMapped(ILogger logger, string methods, string pattern, string function, string authLevel);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key: {State}")]
    private static partial void LogApiKey(ILogger logger, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function}: {Trigger} ({Source}) runs in the background")]
    private static partial void LogRunner(ILogger logger, string function, string trigger, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped {Function}: the local host does not run '{Trigger}' triggers")]
    private static partial void LogSkipped(ILogger logger, string function, string trigger);
}
