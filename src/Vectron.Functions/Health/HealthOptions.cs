using System.ComponentModel.DataAnnotations;

namespace Vectron.Functions.Health;

/// <summary>Settings of <c>GET /api/health</c>, section <c>Vectron:Health</c>.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Vectron:Health";

    /// <summary>How long the storage probe waits before it reports storage unreachable (<c>Vectron__Health__ProbeTimeout</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Vectron:Health:ProbeTimeout must be between 100 ms and 1 minute.")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
