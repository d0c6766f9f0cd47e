// App-hosted media on Microsoft's native media platform: Windows Server VMs, each with its own static public IP and DNS
// name (Teams sends a call's media straight to the instance that holds it), an NSG for signaling, media control and
// media, and a Key Vault that the VMs read with a user-assigned managed identity (the media certificate is installed
// into LocalMachine\My by the Key Vault VM extension). See docs/deployment-windows.md.
targetScope = 'resourceGroup'

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Prefix of every resource name, 3-12 lowercase letters or digits.')
@minLength(3)
@maxLength(12)
param namePrefix string = 'callingbot'

@description('Number of media instances (VMs). Each gets its own public IP and DNS label <prefix>-media<N>.')
@minValue(1)
@maxValue(20)
param instanceCount int = 2

@description('VM size: at least 2 vCPUs for media; 4 or more for many concurrent calls or video.')
param vmSize string = 'Standard_D4s_v5'

@description('Local administrator account of the VMs.')
param adminUsername string

@description('Local administrator password of the VMs.')
@secure()
param adminPassword string

@description('Address range allowed to reach RDP (3389), for example your office\'s public IP in CIDR form. Never Internet.')
param adminSourceAddressPrefix string

@description('TCP port of the media platform on each instance (CallingBot:Media:Native:InstanceInternalPort and InstancePublicPort).')
param mediaControlPort int = 8445

@description('Object id of the Entra principal (you, or the deployment pipeline) that uploads the certificates and secrets into the vault.')
param keyVaultAdministratorObjectId string

@description('Name of the vault certificate whose subject names the instances (for example *.bot.contoso.com); the VMs install it into LocalMachine\\My.')
param mediaCertificateName string = 'media'

var vaultName = take('${namePrefix}-kv-${uniqueString(resourceGroup().id)}', 24)
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultAdministrator = '00482a5a-887f-4fb3-b363-3b7fe8e74483'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-identity'
  location: location
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
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
    softDeleteRetentionInDays: 90
    publicNetworkAccess: 'Enabled'
  }
}

// The VMs read certificates (as secrets, with their private keys) and the bot's secrets; nothing else.
resource vaultReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

resource vaultAdministrator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, keyVaultAdministratorObjectId, keyVaultAdministrator)
  scope: vault
  properties: {
    principalId: keyVaultAdministratorObjectId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultAdministrator)
  }
}

resource nsg 'Microsoft.Network/networkSecurityGroups@2023-11-01' = {
  name: '${namePrefix}-nsg'
  location: location
  properties: {
    securityRules: [
      {
        name: 'https-signaling'
        properties: {
          description: 'Graph notifications (callbacks) and the REST API.'
          priority: 100
          direction: 'Inbound'
          access: 'Allow'
          protocol: 'Tcp'
          sourceAddressPrefix: 'Internet'
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: '443'
        }
      }
      {
        name: 'media-control'
        properties: {
          description: 'The media platform instance port.'
          priority: 110
          direction: 'Inbound'
          access: 'Allow'
          protocol: 'Tcp'
          sourceAddressPrefix: 'Internet'
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: string(mediaControlPort)
        }
      }
      {
        name: 'media-udp'
        properties: {
          description: 'Real-time media (UDP) negotiated by the media platform.'
          priority: 120
          direction: 'Inbound'
          access: 'Allow'
          protocol: 'Udp'
          sourceAddressPrefix: 'Internet'
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: '1024-65535'
        }
      }
      {
        name: 'rdp-admin'
        properties: {
          description: 'Administration from the given range only.'
          priority: 200
          direction: 'Inbound'
          access: 'Allow'
          protocol: 'Tcp'
          sourceAddressPrefix: adminSourceAddressPrefix
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: '3389'
        }
      }
    ]
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2023-11-01' = {
  name: '${namePrefix}-vnet'
  location: location
  properties: {
    addressSpace: {
      addressPrefixes: [
        '10.40.0.0/16'
      ]
    }
    subnets: [
      {
        name: 'media'
        properties: {
          addressPrefix: '10.40.1.0/24'
          networkSecurityGroup: {
            id: nsg.id
          }
        }
      }
    ]
  }
}

resource publicIps 'Microsoft.Network/publicIPAddresses@2023-11-01' = [for i in range(0, instanceCount): {
  name: '${namePrefix}-media${i}-ip'
  location: location
  sku: {
    name: 'Standard'
  }
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
    dnsSettings: {
      domainNameLabel: '${namePrefix}-media${i}'
    }
  }
}]

resource nics 'Microsoft.Network/networkInterfaces@2023-11-01' = [for i in range(0, instanceCount): {
  name: '${namePrefix}-media${i}-nic'
  location: location
  properties: {
    enableAcceleratedNetworking: true
    ipConfigurations: [
      {
        name: 'primary'
        properties: {
          privateIPAllocationMethod: 'Dynamic'
          subnet: {
            id: vnet.properties.subnets[0].id
          }
          publicIPAddress: {
            id: publicIps[i].id
          }
        }
      }
    ]
  }
}]

resource vms 'Microsoft.Compute/virtualMachines@2024-03-01' = [for i in range(0, instanceCount): {
  name: '${namePrefix}-media${i}'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    hardwareProfile: {
      vmSize: vmSize
    }
    osProfile: {
      computerName: take('${namePrefix}m${i}', 15)
      adminUsername: adminUsername
      adminPassword: adminPassword
      windowsConfiguration: {
        enableAutomaticUpdates: true
        provisionVMAgent: true
        patchSettings: {
          patchMode: 'AutomaticByOS'
        }
      }
    }
    storageProfile: {
      imageReference: {
        publisher: 'MicrosoftWindowsServer'
        offer: 'WindowsServer'
        sku: '2022-datacenter-azure-edition'
        version: 'latest'
      }
      osDisk: {
        createOption: 'FromImage'
        managedDisk: {
          storageAccountType: 'Premium_LRS'
        }
      }
    }
    networkProfile: {
      networkInterfaces: [
        {
          id: nics[i].id
        }
      ]
    }
    securityProfile: {
      securityType: 'TrustedLaunch'
      uefiSettings: {
        secureBootEnabled: true
        vTpmEnabled: true
      }
    }
  }
}]

// Installs the media certificate into LocalMachine\My and keeps it current when the vault renews it.
resource certificates 'Microsoft.Compute/virtualMachines/extensions@2024-03-01' = [for i in range(0, instanceCount): {
  parent: vms[i]
  name: 'KeyVaultForWindows'
  location: location
  properties: {
    publisher: 'Microsoft.Azure.KeyVault'
    type: 'KeyVaultForWindows'
    typeHandlerVersion: '3.0'
    autoUpgradeMinorVersion: true
    enableAutomaticUpgrade: true
    settings: {
      secretsManagementSettings: {
        pollingIntervalInS: '3600'
        linkOnRenewal: true
        requireInitialSync: true
        observedCertificates: [
          {
            url: '${vault.properties.vaultUri}secrets/${mediaCertificateName}'
            certificateStoreName: 'MY'
            certificateStoreLocation: 'LocalMachine'
            accounts: [
              'Network Service'
              'Local Service'
            ]
          }
        ]
      }
      authenticationSettings: {
        msiEndpoint: 'http://169.254.169.254/metadata/identity/oauth2/token'
        msiClientId: identity.properties.clientId
      }
    }
  }
  dependsOn: [
    vaultReader
  ]
}]

@description('Per instance: the settings CallingBot:Media:Native:PublicIpAddress and the Azure DNS name to point a CNAME (ServiceFqdn) at.')
output instances array = [for i in range(0, instanceCount): {
  name: vms[i].name
  publicIpAddress: publicIps[i].properties.ipAddress
  azureFqdn: publicIps[i].properties.dnsSettings.fqdn
}]

@description('The vault the bot reads its secrets from (CallingBot:KeyVault or environment variables set from it).')
output keyVaultUri string = vault.properties.vaultUri

@description('Client id of the VMs\' managed identity (for DefaultAzureCredential / ManagedIdentityCredential).')
output managedIdentityClientId string = identity.properties.clientId
