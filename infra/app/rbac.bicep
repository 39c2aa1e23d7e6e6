// Role assignments: the app's identity gets the data-plane roles it needs and nothing on the control plane.
@description('Storage account of the index, queues, host state and package.')
param storageAccountName string

@description('Application Insights component.')
param applicationInsightsName string

@description('Name of the app\'s user-assigned identity.')
param identityName string

@description('Optional principal id of the person deploying, given the same data roles to run the app locally against this account; empty for none.')
param userPrincipalId string = ''

@description('Kind of principal userPrincipalId names.')
@allowed(['User', 'ServicePrincipal'])
param userPrincipalType string = 'User'

// Built-in role definition ids (the same in every tenant).
var roles = {
  // Read, write, delete and lease blobs: the index, the host's locks and keys, the deployment package.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-9033-0f3c9a8f1d67'
  // Send, receive and delete messages: bulk ingestion and its poison queue.
  storageQueueDataContributor: '974c5e8b-45b0-4153-ad3b-9c5ae13b0f03'
  // Send telemetry to a component whose local authentication is off.
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

var storageRoles = [roles.storageBlobDataOwner, roles.storageQueueDataContributor]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource identityStorageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoles: {
    name: guid(storage.id, identity.id, roleId)
    scope: storage
    properties: {
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource identityTelemetryRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

resource userStorageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in (empty(userPrincipalId) ? [] : storageRoles): {
    name: guid(storage.id, userPrincipalId, roleId)
    scope: storage
    properties: {
      principalId: userPrincipalId
      principalType: userPrincipalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]
