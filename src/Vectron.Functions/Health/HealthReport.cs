namespace Vectron.Functions.Health;

/// <summary>Answer of <c>GET /api/health</c>.</summary>
/// <param name="Status"><c>ok</c>, or <c>degraded</c> when storage is unreachable.</param>
/// <param name="Model">The embedding model this instance serves.</param>
/// <param name="Storage"><c>reachable</c> or <c>unreachable</c>.</param>
public sealed record HealthReport(string Status, ModelReport Model, string Storage)
{
    public static HealthReport Create(ModelReport model, bool storageReachable)
        => new(storageReachable ? "ok" : "degraded", model, storageReachable ? "reachable" : "unreachable");
}

/// <summary>Model id and the length of its vectors.</summary>
public sealed record ModelReport(string Id, int Dimensions);
