// Vectron on Azure, pay per use: a Flex Consumption function app running as a user-assigned identity, one
// storage account reachable only with Entra ID, Application Insights on Log Analytics. No keys anywhere.
targetScope = 'subscription'

import { instanceCount, instanceMemory } from 'core/host/flex-consumption-limits.bicep'

@minLength(1)
@maxLength(64)
@description('azd environment name; it seeds the unique suffix of every resource name.')
param environmentName string

@minLength(1)
@description('Region of every resource; it must offer Flex Consumption.')
@metadata({ azd: { type: 'location' } })
param location string

@description('Principal id of the person deploying (azd sets it), given data access to run the app locally against Azure; empty for none.')
param principalId string = ''

@description('Kind of principal principalId names: a person, or a pipeline\'s service principal.')
@allowed(['User', 'ServicePrincipal'])
param principalType string = 'User'

@description('Segment cache budget per instance, in MB. Instance memory is chosen to hold it plus the model and runtime.')
@minValue(64)
@maxValue(3328) // 4096 MB, the largest instance, less modelAndRuntimeMegabytes.
param cacheMegabytes int = 1024

@description('Instances kept warm for HTTP calls (billed while idle); 0 lets the app scale to zero.')
@minValue(0)
@maxValue(20)
param alwaysReadyInstances int = 0

@description('Upper bound on instances, and so on cost per second.')
param maximumInstanceCount instanceCount = 100

// What an instance holds besides the cache: the .NET runtime and Functions worker, the ONNX model (about 90 MB)
// with its inference session and buffers. The smallest Flex size that fits cache plus this is chosen.
var modelAndRuntimeMegabytes = 768
var instanceMemoryMB instanceMemory = cacheMegabytes + modelAndRuntimeMegabytes <= 2048 ? 2048 : 4096

// Names the code and the storage account share; the blob container and bulk queue are fixed by the app's design,
// the poison queue name is the Functions convention `{queue}-poison`.
var indexContainerName = 'vectron'
var bulkQueueName = 'vectron-bulk'
var deploymentContainerName = 'app-package'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }

// Names known before deployment, so role assignment ids and existing-resource lookups are deterministic.
var names = {
  identity: 'id-api-${resourceToken}'
  storage: 'st${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-api-${resourceToken}'
}

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: names.storage
    location: location
    tags: tags
    containerNames: [indexContainerName, deploymentContainerName]
    queueNames: [bulkQueueName, '${bulkQueueName}-poison']
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: resourceGroup
  params: {
    storageAccountName: names.storage
    applicationInsightsName: names.applicationInsights
    identityName: names.identity
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
  dependsOn: [identity, storage, monitoring]
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: resourceGroup
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    identityResourceId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    indexContainerName: indexContainerName
    bulkQueueName: bulkQueueName
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: names.applicationInsights
    cacheMegabytes: cacheMegabytes
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    alwaysReadyInstances: alwaysReadyInstances
  }
  dependsOn: [monitoring]
}

// azd reads these into the environment (.azure/<env>/.env); none is a secret.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
