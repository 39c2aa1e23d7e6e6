// A Flex Consumption (FC1) Linux plan (shape of AVM avm/res/web/serverfarm): pay per execution, scale to zero.
@description('Name of the plan.')
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags object = {}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

output name string = plan.name
output resourceId string = plan.id
