// Parameters for `azd provision`; azd sets the AZURE_* variables, the VECTRON_* ones are `azd env set` choices.
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'vectron')
param location = readEnvironmentVariable('AZURE_LOCATION', 'westeurope')
param principalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param principalType = readEnvironmentVariable('AZURE_PRINCIPAL_TYPE', 'User')
param cacheMegabytes = int(readEnvironmentVariable('VECTRON_CACHE_MEGABYTES', '1024'))
param alwaysReadyInstances = int(readEnvironmentVariable('VECTRON_ALWAYS_READY_INSTANCES', '0'))
param maximumInstanceCount = int(readEnvironmentVariable('VECTRON_MAXIMUM_INSTANCE_COUNT', '100'))
