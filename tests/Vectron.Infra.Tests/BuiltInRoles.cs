namespace Vectron.Infra.Tests;

/// <summary>Azure built-in role definition ids (the same in every tenant) the app's identity should hold.</summary>
internal static class BuiltInRoles
{
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-9033-0f3c9a8f1d67";
    public const string StorageQueueDataContributor = "974c5e8b-45b0-4153-ad3b-9c5ae13b0f03";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
}
