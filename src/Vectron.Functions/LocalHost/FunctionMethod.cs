using System.Reflection;

namespace Vectron.Functions.LocalHost;

/// <summary>What every local-host invoker needs from a function's method: finding it, and awaiting what it returns.</summary>
internal static class FunctionMethod
{
    // entryPoint is "Namespace.Class.Method"; scriptFile names the assembly, e.g. "Vectron.Functions.dll".
    public static MethodInfo Resolve(FunctionMetadata function)
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

    /// <summary>The type a call's result has once awaited: T of Task&lt;T&gt;/ValueTask&lt;T&gt;, void for Task/ValueTask.</summary>
    public static Type ResultType(MethodInfo method)
    {
        var type = method.ReturnType;
        if (type == typeof(Task) || type == typeof(ValueTask))
        {
            return typeof(void);
        }

        return type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? type.GetGenericArguments()[0]
            : type;
    }

    // Unwraps Task, Task<T>, ValueTask and ValueTask<T>; the value of any other return type is the result itself.
    public static Func<object?, Task<object?>> AwaiterFor(MethodInfo method)
    {
        var type = method.ReturnType;
        var resultType = ResultType(method);
        var asTask = type.GetMethod(nameof(ValueTask.AsTask), Type.EmptyTypes);
        Func<object?, Task?> toTask = type == typeof(ValueTask) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? returned => (Task?)asTask!.Invoke(returned, null)
            : returned => returned as Task;
        var resultProperty = resultType == type || resultType == typeof(void) ? null : typeof(Task<>).MakeGenericType(resultType).GetProperty(nameof(Task<object>.Result));
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

    /// <summary>Disposes a function class instance the way the worker does after a call.</summary>
    public static async ValueTask DisposeAsync(object? instance)
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
