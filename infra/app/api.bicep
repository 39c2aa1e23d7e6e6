// The Vectron function app: plan, app, and the one list of app settings the deployment gives the code.
import { instanceCount, instanceMemory } from '../core/host/flex-consumption-limits.bicep'

@description('Name of the function app.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags object = {}

@description('Resource id of the user-assigned identity the app runs as.')
param identityResourceId string

@description('Client id of that identity: identity-based connections name it, because an app may hold several.')
param identityClientId string

@description('Storage account that holds the index, the bulk-ingestion queues, the host state and the package.')
param storageAccountName string

@description('Blob endpoint of that account.')
param blobEndpoint string

@description('Queue endpoint of that account.')
param queueEndpoint string

@description('Blob container of the index.')
param indexContainerName string

@description('Queue of bulk-ingestion chunks.')
param bulkQueueName string

@description('Blob container of the deployment package.')
param deploymentContainerName string

@description('Application Insights component the app sends telemetry to.')
param applicationInsightsName string

@description('Segment cache budget per instance, in MB.')
param cacheMegabytes int

@description('Memory per instance in MB.')
param instanceMemoryMB instanceMemory

@description('Upper bound on instances.')
param maximumInstanceCount instanceCount

@description('Always-ready instances for HTTP functions; 0 scales to zero.')
param alwaysReadyInstances int

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// The one home of the settings the code reads. Connections are identity-based (`__credential`/`__clientId`),
// so no value here is a key, a SAS or a connection string with a secret in it. The Functions host reads the
// `AzureWebJobsStorage__*` group; Vectron reads `Vectron__*` (a queue trigger can name `Vectron:Storage` as
// its connection); the Azure Monitor exporter reads the two `APPLICATIONINSIGHTS_*` values and authenticates
// with the identity, because the component accepts only Entra tokens.
var appSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AZURE_CLIENT_ID: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  Vectron__Storage__blobServiceUri: blobEndpoint
  Vectron__Storage__queueServiceUri: queueEndpoint
  Vectron__Storage__credential: 'managedidentity'
  Vectron__Storage__clientId: identityClientId
  Vectron__ContainerName: indexContainerName
  Vectron__BulkQueueName: bulkQueueName
  Vectron__CacheMegabytes: string(cacheMegabytes)
}

module plan '../core/host/flex-consumption-plan.bicep' = {
  name: 'plan'
  params: {
    name: planName
    location: location
    tags: tags
  }
}

module app '../core/host/function-app-flex.bicep' = {
  name: 'functionApp'
  params: {
    name: name
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    planResourceId: plan.outputs.resourceId
    identityResourceId: identityResourceId
    deploymentContainerUrl: '${blobEndpoint}${deploymentContainerName}'
    runtimeName: 'dotnet-isolated'
    runtimeVersion: '10.0'
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    alwaysReady: alwaysReadyInstances > 0 ? [{ name: 'http', instanceCount: alwaysReadyInstances }] : []
    appSettings: appSettings
  }
}

output name string = app.outputs.name
output uri string = 'https://${app.outputs.defaultHostName}'
