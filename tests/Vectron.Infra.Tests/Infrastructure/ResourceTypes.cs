namespace Vectron.Infra.Tests.Infrastructure;

/// <summary>ARM resource types the deployment creates, as the snapshot names them.</summary>
internal static class ResourceTypes
{
    public const string ResourceGroup = "Microsoft.Resources/resourceGroups";
    public const string Identity = "Microsoft.ManagedIdentity/userAssignedIdentities";
    public const string StorageAccount = "Microsoft.Storage/storageAccounts";
    public const string BlobContainer = "Microsoft.Storage/storageAccounts/blobServices/containers";
    public const string Queue = "Microsoft.Storage/storageAccounts/queueServices/queues";
    public const string ApplicationInsights = "Microsoft.Insights/components";
    public const string LogAnalytics = "Microsoft.OperationalInsights/workspaces";
    public const string RoleAssignment = "Microsoft.Authorization/roleAssignments";
    public const string Plan = "Microsoft.Web/serverfarms";
    public const string Site = "Microsoft.Web/sites";
    public const string SiteConfig = "Microsoft.Web/sites/config";
    public const string PublishingCredentialsPolicy = "Microsoft.Web/sites/basicPublishingCredentialsPolicies";
}
