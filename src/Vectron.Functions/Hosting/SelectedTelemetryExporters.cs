namespace Vectron.Functions.Hosting;

/// <summary>The exporters <see cref="TelemetryServiceCollectionExtensions.AddVectronTelemetry"/> registered.</summary>
public sealed record SelectedTelemetryExporters(TelemetryExporters Exporters);
