using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Vectron.Functions.LocalHost;

/// <summary>
/// Calls a queue- or timer-triggered function's method the way the worker does: the class is created per call in
/// its own DI scope, the trigger parameter (the binding's name) gets the trigger value converted by
/// <c>bindTrigger</c>, a <see cref="CancellationToken"/> parameter the host's stopping token. Resolved at start-up,
/// so a method the local host cannot call fails the start.
/// </summary>
internal sealed class TriggerFunctionInvoker<TTrigger>
{
    private readonly MethodInfo method;
    private readonly ObjectFactory? createInstance;
    private readonly Func<TTrigger, CancellationToken, object?>[] binders;
    private readonly Func<object?, Task<object?>> awaitResult;

    private TriggerFunctionInvoker(MethodInfo method, string triggerName, Func<Type, Func<TTrigger, object?>?> bindTrigger)
    {
        this.method = method;
        createInstance = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);
        binders = Array.ConvertAll(method.GetParameters(), parameter => BinderFor(parameter, triggerName, bindTrigger));
        awaitResult = FunctionMethod.AwaiterFor(method);
    }

    public string Name => $"{method.DeclaringType?.Name}.{method.Name}";

    /// <param name="bindTrigger">For a parameter type, how to turn the trigger value into it; null when it cannot.</param>
    public static TriggerFunctionInvoker<TTrigger> Create(FunctionMetadata function, Func<Type, Func<TTrigger, object?>?> bindTrigger)
    {
        ArgumentNullException.ThrowIfNull(function);
        var trigger = function.Trigger ?? throw new InvalidOperationException($"Function '{function.Name}' has no trigger binding.");
        return new TriggerFunctionInvoker<TTrigger>(FunctionMethod.Resolve(function), trigger.Name, bindTrigger);
    }

    public async Task InvokeAsync(IServiceProvider services, TTrigger trigger, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var instance = createInstance?.Invoke(scope.ServiceProvider, null);
        try
        {
            var arguments = new object?[binders.Length];
            for (var i = 0; i < binders.Length; i++)
            {
                arguments[i] = binders[i](trigger, cancellationToken);
            }

            await awaitResult(method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null));
        }
        finally
        {
            await FunctionMethod.DisposeAsync(instance);
        }
    }

    private static Func<TTrigger, CancellationToken, object?> BinderFor(ParameterInfo parameter, string triggerName, Func<Type, Func<TTrigger, object?>?> bindTrigger)
    {
        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return static (_, cancellationToken) => cancellationToken;
        }

        if (parameter.Name == triggerName && bindTrigger(parameter.ParameterType) is { } convert)
        {
            return (trigger, _) => convert(trigger);
        }

        throw new InvalidOperationException(
            $"The local host cannot bind parameter '{parameter.Name}' ({parameter.ParameterType.Name}) of {parameter.Member.DeclaringType?.Name}.{parameter.Member.Name}: " +
            $"it binds the trigger '{triggerName}' and a CancellationToken.");
    }
}
