// A Linux function app on a Flex Consumption plan (shape of AVM avm/res/web/site, kind functionapp,linux),
// running as one user-assigned identity. The deployment package is read from a blob container with that identity.
import { instanceCount, instanceMemory } from 'flex-consumption-limits.bicep'

@description('Name of the function app.')
param name string

@description('Azure region.')
param location string

@description('Tags for the resource; azd finds the app by its azd-service-name tag.')
param tags object = {}

@description('Resource id of the Flex Consumption plan.')
param planResourceId string

@description('Resource id of the user-assigned identity the app runs as.')
param identityResourceId string

@description('URL of the blob container that holds the deployment package.')
param deploymentContainerUrl string

@description('Worker runtime name.')
param runtimeName string

@description('Worker runtime version.')
param runtimeVersion string

@description('Memory per instance in MB.')
param instanceMemoryMB instanceMemory

@description('Upper bound on instances, which is also an upper bound on cost.')
param maximumInstanceCount instanceCount

@description('Always-ready instances per group, e.g. [{ name: \'http\', instanceCount: 1 }]; billed while idle.')
param alwaysReady object[] = []

@description('App settings (names and values; no secrets: connections are identity-based).')
param appSettings object

resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: planResourceId
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReady
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: appSettings
  }

  // Publishing with a user name and password would bypass Entra ID; azd deploys with a token instead.
  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output name string = functionApp.name
output resourceId string = functionApp.id
output defaultHostName string = functionApp.properties.defaultHostName
