using System.Text.Json.Nodes;
using Vectron.Infra.Tests.Infrastructure;

namespace Vectron.Infra.Tests;

/// <summary>The app's identity holds exactly the data-plane roles it needs, each on the one resource that needs it.</summary>
[Collection(CompiledInfraTests.Name)]
public sealed class RoleAssignmentTests(CompiledInfraFixture infra)
{
    [Fact]
    public void RoleAssignments_ForAppIdentity_AreExactlyStorageDataAndMetricsPublisher()
    {
        var snapshot = infra.Snapshot;
        var storageId = snapshot.IdOf(ResourceTypes.StorageAccount);
        var insightsId = snapshot.IdOf(ResourceTypes.ApplicationInsights);

        var granted = AssignmentsOf(snapshot, IsAppIdentity(snapshot)).Select(a => (a.Role, a.Scope)).ToHashSet();

        HashSet<(string, string)> expected =
        [
            (BuiltInRoles.StorageBlobDataOwner, storageId),
            (BuiltInRoles.StorageQueueDataContributor, storageId),
            (BuiltInRoles.MonitoringMetricsPublisher, insightsId),
        ];
        Assert.Equal(expected, granted);
    }

    [Fact]
    public void RoleAssignments_ForAppIdentity_AreOfTypeServicePrincipal()
    {
        var assignments = AssignmentsOf(infra.Snapshot, IsAppIdentity(infra.Snapshot)).ToList();

        Assert.NotEmpty(assignments);
        Assert.All(assignments, a => Assert.Equal("ServicePrincipal", a.PrincipalType));
    }

    [Fact]
    public void RoleAssignments_EveryOne_IsForTheAppIdentityOrTheDeployingPrincipal()
    {
        var user = CompiledInfraFixture.AzdEnvironment["AZURE_PRINCIPAL_ID"];
        var isAppIdentity = IsAppIdentity(infra.Snapshot);

        Assert.All(
            AssignmentsOf(infra.Snapshot, _ => true),
            a => Assert.True(isAppIdentity(a.PrincipalId) || a.PrincipalId == user, $"Unexpected principal {a.PrincipalId}."));
    }

    [Fact]
    public void RoleAssignments_ForDeployingPrincipal_AreStorageDataRolesOnly()
    {
        var user = CompiledInfraFixture.AzdEnvironment["AZURE_PRINCIPAL_ID"];
        var userType = CompiledInfraFixture.AzdEnvironment["AZURE_PRINCIPAL_TYPE"];
        var storageId = infra.Snapshot.IdOf(ResourceTypes.StorageAccount);

        var granted = AssignmentsOf(infra.Snapshot, p => p == user).ToList();

        Assert.All(granted, a => Assert.Equal(userType, a.PrincipalType));
        Assert.Equal(
            new HashSet<(string, string)> { (BuiltInRoles.StorageBlobDataOwner, storageId), (BuiltInRoles.StorageQueueDataContributor, storageId) },
            granted.Select(a => (a.Role, a.Scope)).ToHashSet());
    }

    [Fact]
    public async Task RoleAssignments_WithoutDeployingPrincipal_GrantOnlyTheAppIdentity()
    {
        var snapshot = await infra.Workspace.SnapshotAsync("vectron-no-user", new Dictionary<string, object> { ["principalId"] = "" });

        var isAppIdentity = IsAppIdentity(snapshot);
        var all = AssignmentsOf(snapshot, _ => true).ToList();

        Assert.NotEmpty(all);
        Assert.All(all, a => Assert.True(isAppIdentity(a.PrincipalId), $"Unexpected principal {a.PrincipalId}."));
    }

    // The identity's principal id exists only once it is deployed, so the snapshot leaves a reference to it.
    private static Func<string, bool> IsAppIdentity(DeploymentSnapshot snapshot)
    {
        Assert.Equal(snapshot.IdOf(ResourceTypes.Identity), snapshot.FunctionAppIdentityId);
        var reference = snapshot.ReferenceTo(ResourceTypes.Identity, "principalId");
        return principalId => principalId == reference;
    }

    private static IEnumerable<Assignment> AssignmentsOf(DeploymentSnapshot snapshot, Func<string, bool> principal) =>
        snapshot.OfType(ResourceTypes.RoleAssignment).Select(Assignment.From).Where(a => principal(a.PrincipalId));

    private sealed record Assignment(string Role, string Scope, string PrincipalId, string PrincipalType)
    {
        public static Assignment From(JsonObject resource)
        {
            var id = (string)resource["id"]!;
            var properties = resource["properties"]!;
            var definition = (string)properties["roleDefinitionId"]!;
            return new Assignment(
                definition[(definition.LastIndexOf('/') + 1)..],
                id[..id.IndexOf("/providers/Microsoft.Authorization/roleAssignments/", StringComparison.OrdinalIgnoreCase)],
                (string)properties["principalId"]!,
                (string)properties["principalType"]!);
        }
    }
}
