// Azure resources for the closure bot: App Service (Node 20) running `npm run serve`, a user-assigned
// managed identity as the bot's identity, an Azure Bot with the Teams channel and the OAuth connection
// Teams SSO goes through, and a storage account for the shared state (STATE_STORE=azure-blob).
// Deployed by `m365agents.yml` (arm/deploy), after `aadApp/create` has made the app registration
// (aad.manifest.json) whose id and secret the connection and on-behalf-of use.
@maxLength(20)
@minLength(4)
param resourceBaseName string
param location string = resourceGroup().location
param webAppSku string = 'B1'
@minValue(1)
@maxValue(100)
@description('App Service instances. Each takes an equal share of Graph\'s application-wide write quota (GRAPH_WRITE_SHARE).')
param instanceCount int = 1
@description('Client id of the multi-tenant Entra app registration of aad.manifest.json (AAD_APP_CLIENT_ID): Teams SSO names it, the bot exchanges on-behalf-of with it.')
param graphClientId string
@secure()
@description('Its client secret (SECRET_AAD_APP_CLIENT_SECRET, kept in env/.env.*.user).')
param graphClientSecret string
param ssoConnectionName string = 'graph-sso'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: resourceBaseName
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: toLower(replace('${resourceBaseName}state', '-', ''))
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: { minimumTlsVersion: 'TLS1_2', allowBlobPublicAccess: false, supportsHttpsTrafficOnly: true }
}

resource plan 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: resourceBaseName
  location: location
  sku: { name: webAppSku, capacity: instanceCount }
  kind: 'app'
}

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'app'
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identity.id}': {} } }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      alwaysOn: true
      healthCheckPath: '/healthz'
      appCommandLine: 'npm run serve'
      linuxFxVersion: 'NODE|20-lts'
      appSettings: [
        { name: 'NODE_ENV', value: 'production' }
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        { name: 'BOT_ID', value: identity.properties.clientId }
        { name: 'BOT_TYPE', value: 'UserAssignedMsi' }
        { name: 'BOT_TENANT_ID', value: identity.properties.tenantId }
        { name: 'GRAPH_AUTH', value: 'sso' }
        { name: 'GRAPH_CLIENT_ID', value: graphClientId }
        { name: 'GRAPH_CLIENT_SECRET', value: graphClientSecret }
        { name: 'SSO_CONNECTION_NAME', value: ssoConnectionName }
        { name: 'STATE_STORE', value: 'azure-blob' }
        { name: 'GRAPH_WRITE_SHARE', value: '1/${instanceCount}' }
        { name: 'STATE_CONTAINER', value: 'closure-state' }
        { name: 'AZURE_STORAGE_CONNECTION_STRING', value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}' }
        { name: 'PUBLIC_URL', value: 'https://${resourceBaseName}.azurewebsites.net' }
      ]
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  sku: { name: 'F0' }
  kind: 'azurebot'
  properties: {
    displayName: 'Account closure assistant'
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: identity.properties.tenantId
    msaAppType: 'UserAssignedMSI'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: { channelName: 'MsTeamsChannel' }
}

// Teams SSO (SSO_CONNECTION_NAME): Azure Active Directory v2 on the app registration, any tenant
// (`common`: admins of every customer tenant sign in). Teams' SSO token is for the registration's
// identifier URI, api://botid-<the bot's id> (aad.manifest.json); the token service keeps a token for
// its `access_as_user` scope, which the bot exchanges on-behalf-of for Microsoft Graph in the admin's
// own tenant (src/graph/sso-sign-ins.ts).
resource ssoConnection 'Microsoft.BotService/botServices/connections@2022-09-15' = {
  parent: bot
  name: ssoConnectionName
  location: 'global'
  properties: {
    serviceProviderDisplayName: 'Azure Active Directory v2'
    serviceProviderId: '30dd229c-58e3-4a48-bdfd-91ec48eb906c'
    clientId: graphClientId
    clientSecret: graphClientSecret
    scopes: 'api://botid-${identity.properties.clientId}/access_as_user'
    parameters: [
      { key: 'tenantID', value: 'common' }
      { key: 'tokenExchangeUrl', value: 'api://botid-${identity.properties.clientId}' }
    ]
  }
}

output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
