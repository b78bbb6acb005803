// Azure resources for one environment: a Linux App Service that runs the bot, the tab API and
// the tab's files in one Node process; Table Storage for all state; a user-assigned managed
// identity that is both the bot's identity and the app's way in to the tables; and the Azure
// Bot registration with its Teams channel. Outputs are written to env/.env.<env> by the
// toolkit's arm/deploy action, each under its own name upper-cased.

@minLength(3)
@maxLength(20)
@description('Lowercase letters, digits and hyphens; every resource name starts with it.')
param resourceBaseName string

@description('App Service plan size. B1 is the smallest with Always On, which the timer needs.')
param webAppSku string = 'B1'

@description('Client id of the Entra app of the tab (SSO): the audience of the tab\'s tokens.')
param aadAppClientId string

@description('Tenant of the Entra app of the tab.')
param aadAppTenantId string

@description('E-mail addresses of the first coordinators, comma-separated. May be empty.')
param initialCoordinators string = ''

@description('Bot name shown in the Azure portal.')
param botDisplayName string = 'Yhdistysyhteistyö'

@description('F0 is free and enough for the Teams channel.')
@allowed([
  'F0'
  'S1'
])
param botServiceSku string = 'F0'

@description('Fallback for a server without managed identity support for tables: hands the app a storage connection string (account key) and allows shared key access. Off by default.')
param storageUsesConnectionString bool = false

@description('Public IP ranges (CIDR) allowed to reach the storage account, e.g. the App Service\'s outbound addresses. Empty: the account stays reachable from any network (still only with the managed identity).')
param storageAllowedIpRanges array = []

param location string = resourceGroup().location

// Names must be unique across Azure; the suffix is stable for a resource group.
var uniq = take(uniqueString(resourceGroup().id, resourceBaseName), 6)
var baseName = '${toLower(resourceBaseName)}-${uniq}'
var storageAccountName = take('${replace(toLower(resourceBaseName), '-', '')}${uniq}', 24)
// Built-in role "Storage Table Data Contributor".
var tableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
// Built-in role "Key Vault Secrets User".
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultName = take('kv${replace(toLower(resourceBaseName), '-', '')}${uniq}', 24)

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: baseName
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
    // With managed identity no key is needed, so none is accepted.
    allowSharedKeyAccess: storageUsesConnectionString
    networkAcls: empty(storageAllowedIpRanges)
      ? {
          defaultAction: 'Allow'
        }
      : {
          defaultAction: 'Deny'
          bypass: 'AzureServices'
          ipRules: [for range in storageAllowedIpRanges: {
            value: range
            action: 'Allow'
          }]
        }
  }
}

// The one secret that may remain (the fallback connection string) lives in Key Vault; the app
// settings hold only a reference the managed identity resolves.
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = if (storageUsesConnectionString) {
  name: keyVaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
  }
}

resource storageSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (storageUsesConnectionString) {
  parent: vault
  name: 'storage-connection-string'
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};EndpointSuffix=${environment().suffixes.storage};AccountKey=${storage.listKeys().keys[0].value}'
  }
}

resource vaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (storageUsesConnectionString) {
  name: guid(keyVaultName, identity.id, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, tableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableDataContributorRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: baseName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: baseName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references in the app settings are resolved with the app's own identity.
    keyVaultReferenceIdentity: identity.id
    // Any instance can answer any request: state is in the tables, not in memory.
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node --import tsx bot/src/index.ts'
      // The reminder timer runs inside this process; it must not be unloaded when idle.
      alwaysOn: true
      healthCheckPath: '/healthz'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
  }
}

// App settings as their own resource, so they can use the site's real host name.
resource webAppSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    NODE_ENV: 'production'
    HOST: '0.0.0.0'
    PORT: '8080'
    // The deploy step ships a built package (see .webappignore); nothing is built on the server.
    WEBSITE_RUN_FROM_PACKAGE: '1'
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
    BOT_ID: identity.properties.clientId
    BOT_TENANT_ID: identity.properties.tenantId
    BOT_TYPE: 'UserAssignedMSI'
    AAD_APP_CLIENT_ID: aadAppClientId
    AAD_APP_TENANT_ID: aadAppTenantId
    TAB_ENDPOINT: 'https://${webApp.properties.defaultHostName}'
    PUBLIC_URL: 'https://${webApp.properties.defaultHostName}'
    INITIAL_COORDINATORS: initialCoordinators
    // Tables through the managed identity; AZURE_CLIENT_ID picks that identity for the SDK's credential.
    STORAGE_TABLE_ENDPOINT: storage.properties.primaryEndpoints.table
    AZURE_CLIENT_ID: identity.properties.clientId
    // Fallback: a Key Vault reference to the connection string, empty unless storageUsesConnectionString.
    STORAGE_CONNECTION_STRING: storageUsesConnectionString ? '@Microsoft.KeyVault(SecretUri=${storageSecret.properties.secretUri})' : ''
  }
}

// No FTP or basic-auth deployment: publishing uses Entra ID (the toolkit's zip deploy) only.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: baseName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppTenantId: identity.properties.tenantId
    msaAppMSIResourceId: identity.id
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
    }
  }
}

// Written to env/.env.<env> by arm/deploy (output name upper-cased).
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output TAB_DOMAIN string = webApp.properties.defaultHostName
output TAB_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output STORAGE_TABLE_ENDPOINT string = storage.properties.primaryEndpoints.table
