using Vectron.Functions.LocalHost;

namespace Vectron.Functions.Tests.Security;

/// <summary>In Azure the Functions host enforces keys by auth level: every route but health must need a function key.</summary>
public sealed class AuthLevelTests
{
    [Fact]
    public async Task FunctionsMetadata_EveryHttpRouteButHealth_IsFunctionLevel()
    {
        var http = (await FunctionMetadata.ReadAsync(AppContext.BaseDirectory)).Where(f => f.Trigger is { IsHttpTrigger: true }).ToList();

        Assert.True(http.Count >= 10, $"only {http.Count} HTTP functions in functions.metadata");
        foreach (var function in http)
        {
            var expected = function.Name == "Health" ? "Anonymous" : "Function";
            Assert.True(expected == function.Trigger!.AuthLevel, $"{function.Name} ({function.Trigger.Route}) is {function.Trigger.AuthLevel}, expected {expected}");
        }
    }
}
