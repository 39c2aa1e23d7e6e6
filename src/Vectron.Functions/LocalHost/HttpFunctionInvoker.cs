using System.ComponentModel;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Vectron.Functions.LocalHost;

/// <summary>
/// Calls the method behind one HTTP-triggered function the way the isolated worker's ASP.NET Core integration
/// does: the class is created per call from the request's services (<see cref="ActivatorUtilities"/>, as the
/// worker's default activator), <see cref="HttpRequest"/> is the request, <see cref="CancellationToken"/> is the
/// request's abort token, other simple parameters come from route values then the query string by name, and the
/// returned <see cref="IActionResult"/> or <see cref="IResult"/> is executed against the response.
/// Everything is resolved once at start-up, so a function the local host cannot call fails the start, not a request.
/// </summary>
internal sealed class HttpFunctionInvoker
{
    private readonly MethodInfo method;
    private readonly ObjectFactory? createInstance;
    private readonly Func<HttpContext, object?>[] binders;
    private readonly Func<object?, Task<object?>> awaitResult;

    private HttpFunctionInvoker(MethodInfo method)
    {
        this.method = method;
        createInstance = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);
        binders = Array.ConvertAll(method.GetParameters(), BinderFor);
        awaitResult = ResultAwaiterFor(method);
    }

    public static HttpFunctionInvoker Create(FunctionMetadata function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new HttpFunctionInvoker(ResolveMethod(function));
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var instance = createInstance?.Invoke(context.RequestServices, null);
        try
        {
            var arguments = new object?[binders.Length];
            for (var i = 0; i < binders.Length; i++)
            {
                arguments[i] = binders[i](context);
            }

            var returned = method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
            switch (await awaitResult(returned))
            {
                case IActionResult actionResult:
                    await actionResult.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                    break;
                case IResult result:
                    await result.ExecuteAsync(context);
                    break;
                default:
                    break;
            }
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
                default:
                    break;
            }
        }
    }

    // entryPoint is "Namespace.Class.Method"; scriptFile names the assembly, e.g. "Vectron.Functions.dll".
    private static MethodInfo ResolveMethod(FunctionMetadata function)
    {
        var split = function.EntryPoint.LastIndexOf('.');
        var typeName = function.EntryPoint[..split];
        var methodName = function.EntryPoint[(split + 1)..];
        var assembly = Assembly.Load(new AssemblyName(Path.GetFileNameWithoutExtension(function.ScriptFile)));
        var type = assembly.GetType(typeName, throwOnError: true)!;
        var candidates = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == methodName)
            .ToArray();
        return candidates.Length == 1
            ? candidates[0]
            : throw new InvalidOperationException($"Function '{function.Name}': expected exactly one public method '{function.EntryPoint}', found {candidates.Length}.");
    }

    private static Func<HttpContext, object?> BinderFor(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(HttpRequest))
        {
            return static context => context.Request;
        }

        if (type == typeof(HttpContext))
        {
            return static context => context;
        }

        if (type == typeof(CancellationToken))
        {
            return static context => context.RequestAborted;
        }

        var converter = TypeDescriptor.GetConverter(type);
        if (parameter.Name is null || !converter.CanConvertFrom(typeof(string)))
        {
            throw new InvalidOperationException(
                $"The local host cannot bind parameter '{parameter.Name}' ({type.Name}) of {parameter.Member.DeclaringType?.Name}.{parameter.Member.Name}: " +
                "HTTP functions take HttpRequest, CancellationToken and simple route or query values.");
        }

        var name = parameter.Name;
        var fallback = parameter.HasDefaultValue ? parameter.DefaultValue : (type.IsValueType ? Activator.CreateInstance(type) : null);
        return context =>
        {
            var raw = context.Request.RouteValues[name]?.ToString() ?? context.Request.Query[name].FirstOrDefault();
            return raw is null ? fallback : converter.ConvertFromInvariantString(raw);
        };
    }

    // Unwraps Task, Task<T>, ValueTask and ValueTask<T>; the value of any other return type is the result itself.
    private static Func<object?, Task<object?>> ResultAwaiterFor(MethodInfo method)
    {
        var type = method.ReturnType;
        var resultType = type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? type.GetGenericArguments()[0]
            : type;
        if (resultType != typeof(void) && resultType != typeof(Task) && resultType != typeof(ValueTask)
            && !typeof(IActionResult).IsAssignableFrom(resultType) && !typeof(IResult).IsAssignableFrom(resultType))
        {
            throw new InvalidOperationException(
                $"The local host cannot answer with {resultType.Name} from {method.DeclaringType?.Name}.{method.Name}: HTTP functions return IActionResult or IResult.");
        }

        var asTask = type.GetMethod(nameof(ValueTask.AsTask), Type.EmptyTypes);
        Func<object?, Task?> toTask = type == typeof(ValueTask) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? returned => (Task?)asTask!.Invoke(returned, null)
            : returned => returned as Task;
        var resultProperty = resultType == type || !type.IsGenericType ? null : typeof(Task<>).MakeGenericType(resultType).GetProperty(nameof(Task<object>.Result));
        return async returned =>
        {
            if (toTask(returned) is not { } task)
            {
                return returned;
            }

            await task;
            return resultProperty?.GetValue(task);
        };
    }
}
