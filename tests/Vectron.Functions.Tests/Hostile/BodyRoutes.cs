using Vectron.Functions.Http;

namespace Vectron.Functions.Tests.Hostile;

/// <summary>The routes that take a body, and each one's limit in <see cref="ApiLimits"/>.</summary>
internal static class BodyRoutes
{
    public static async Task<IReadOnlyList<HttpRoute>> ReadAllAsync() => [.. (await HttpRoute.ReadAllAsync()).Where(r => r.TakesBody)];

    /// <summary>The limit the route's function reads its body with; JSON bodies default to <see cref="ApiLimits.MaxJsonBodyBytes"/>.</summary>
    public static long LimitOf(HttpRoute route) => route.Function switch
    {
        "UpsertDocuments" => ApiLimits.MaxDocumentsBodyBytes,
        "StartBulkJob" => ApiLimits.MaxBulkBodyBytes,
        _ => ApiLimits.MaxJsonBodyBytes,
    };
}
