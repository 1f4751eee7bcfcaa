/** The national clouds the closure procedure is published for. */
export const CLOUDS = ['public', 'usgov', 'usgovdod', 'china'] as const;
export type CloudName = (typeof CLOUDS)[number];

/** Endpoints and admin-center links of one cloud (graph-api.md §10 for the public cloud). */
export interface CloudProfile {
  graphEndpoint: string;
  /** Azure Resource Manager of the cloud (Step 5 reads Azure subscriptions there); its resource id is the host. */
  armEndpoint: string;
  authority: string;
  botFramework: BotFrameworkEndpoints;
  links: {
    adminCenter: string;
    subscriptions: string;
    activeUsers: string;
    entraAdminCenter: string;
    manageTenants: string;
    perUserMfa: string;
    selfServiceSignUpProducts: string;
    /** Step 5's checks Graph can't make: Azure subscriptions and legacy MFA providers (Azure portal), bills (admin center). */
    azureSubscriptions: string;
    mfaProviders: string;
    billsAndPayments: string;
    /** Step 5's other checks: users in the recycle bin, app registrations, enterprise apps. */
    deletedUsers: string;
    appRegistrations: string;
    enterpriseApps: string;
  };
}

/**
 * Where the Azure Bot Service of a cloud lives: the channel that signs inbound activities, the login
 * the bot signs in at to reply, and the token service Teams SSO goes through. A bot registered in
 * Azure Government (Teams GCC High and DoD) or in Azure operated by 21Vianet talks to none of the
 * public ones.
 */
export interface BotFrameworkEndpoints {
  /** Bot Connector channel service; empty in the public cloud. */
  channelService: string;
  /** Host the bot signs in at for replies, and the tenant used when the bot is not single-tenant. */
  loginHost: string;
  defaultLoginTenant: string;
  /** Audience of the bot's outbound token, and issuer of the channel's inbound tokens. */
  oAuthScope: string;
  tokenIssuer: string;
  openIdMetadataUrl: string;
  emulatorOpenIdMetadataUrl: string;
  /** Token service (OAuthUrl; in the public cloud botbuilder's default, which serves the token API as token.botframework.com does) and the redirect URI the SSO app registration must list. */
  tokenServiceUrl: string;
  oAuthRedirectUrl: string;
  callerId?: string;
}

/** The Azure portal of the cloud whose Entra admin center is `entra` (portal.azure.com, .us, .cn). */
function azurePortal(entra: string): string {
  return entra.replace('://entra.microsoft.', '://portal.azure.');
}

function profile(graphEndpoint: string, armEndpoint: string, authority: string, adminCenter: string, entra: string, botFramework: BotFrameworkEndpoints): CloudProfile {
  return {
    graphEndpoint,
    armEndpoint,
    authority,
    botFramework,
    links: {
      adminCenter,
      subscriptions: `${adminCenter}/Adminportal/Home#/subscriptions`,
      activeUsers: `${adminCenter}/Adminportal/Home#/users`,
      entraAdminCenter: entra,
      manageTenants: `${entra}/#view/Microsoft_AAD_IAM/DirectorySwitchBlade/subtitle/`,
      perUserMfa: `${entra}/#view/Microsoft_AAD_UsersAndTenants/UserManagementMenuBlade/~/AllUsers`,
      selfServiceSignUpProducts: `${entra}/#view/Microsoft_AAD_IAM/LicensesMenuBlade/~/SelfServiceSignUpProducts`,
      azureSubscriptions: `${azurePortal(entra)}/#view/Microsoft_Azure_Billing/SubscriptionsBladeV2`,
      mfaProviders: `${azurePortal(entra)}/#view/Microsoft_AAD_IAM/MultifactorAuthenticationMenuBlade/~/GettingStarted`,
      billsAndPayments: `${adminCenter}/Adminportal/Home#/billoverview`,
      deletedUsers: `${adminCenter}/Adminportal/Home#/deletedusers`,
      appRegistrations: `${entra}/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade`,
      enterpriseApps: `${entra}/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AppAppsPreview`,
    },
  };
}

const usGovBotFramework = (tokenServiceUrl: string): BotFrameworkEndpoints => ({
  channelService: 'https://botframework.azure.us',
  loginHost: 'https://login.microsoftonline.us',
  defaultLoginTenant: 'MicrosoftServices.onmicrosoft.us',
  oAuthScope: 'https://api.botframework.us',
  tokenIssuer: 'https://api.botframework.us',
  openIdMetadataUrl: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
  emulatorOpenIdMetadataUrl: 'https://login.microsoftonline.us/cab8a31a-1906-4287-a0d8-4eef66b95f6e/v2.0/.well-known/openid-configuration',
  tokenServiceUrl,
  oAuthRedirectUrl: `${tokenServiceUrl}/.auth/web/redirect`,
  callerId: 'urn:botframework:azureusgov',
});

/**
 * Graph endpoints and sign-in authorities are Microsoft's national-cloud deployments
 * (learn.microsoft.com/graph/deployments). Resource Manager hosts: management.azure.com,
 * management.usgovcloudapi.net (Azure Government, GCC High and DoD alike), management.chinacloudapi.cn
 * (the Azure SDK for JavaScript's getArmEndpoint names the same three). Admin-center hosts: portal.office365.us (GCC High),
 * portal.apps.mil (DoD), portal.partner.microsoftonline.cn (21Vianet); Entra admin centers:
 * entra.microsoft.us and entra.microsoft.cn. The `#/…` routes are undocumented portal routes that
 * the public cloud uses; cards always give the click path as well.
 *
 * Bot Framework: the public values are botbuilder's own defaults; Azure Government's are
 * botbuilder's GovernmentConstants except the token service, which Teams GCC High and DoD each have
 * their own of (learn.microsoft.com/azure/bot-service/how-to-deploy-gov-cloud-high); 21Vianet's
 * are the Azure Bot Service endpoints of Azure China (ref-oauth-redirect-urls), which botbuilder
 * has no constants for.
 */
export const CLOUD_PROFILES: Record<CloudName, CloudProfile> = {
  public: profile('https://graph.microsoft.com', 'https://management.azure.com', 'https://login.microsoftonline.com', 'https://admin.microsoft.com', 'https://entra.microsoft.com', {
    channelService: '',
    loginHost: 'https://login.microsoftonline.com',
    defaultLoginTenant: 'botframework.com',
    oAuthScope: 'https://api.botframework.com',
    tokenIssuer: 'https://api.botframework.com',
    openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
    emulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    tokenServiceUrl: 'https://api.botframework.com',
    oAuthRedirectUrl: 'https://token.botframework.com/.auth/web/redirect',
    callerId: 'urn:botframework:azure',
  }),
  usgov: profile(
    'https://graph.microsoft.us',
    'https://management.usgovcloudapi.net',
    'https://login.microsoftonline.us',
    'https://portal.office365.us',
    'https://entra.microsoft.us',
    usGovBotFramework('https://tokengcch.botframework.azure.us'),
  ),
  usgovdod: profile(
    'https://dod-graph.microsoft.us',
    'https://management.usgovcloudapi.net',
    'https://login.microsoftonline.us',
    'https://portal.apps.mil',
    'https://entra.microsoft.us',
    usGovBotFramework('https://apiDoD.botframework.azure.us'),
  ),
  china: profile('https://microsoftgraph.chinacloudapi.cn', 'https://management.chinacloudapi.cn', 'https://login.chinacloudapi.cn', 'https://portal.partner.microsoftonline.cn', 'https://entra.microsoft.cn', {
    channelService: 'https://botframework.azure.cn',
    loginHost: 'https://login.partner.microsoftonline.cn',
    defaultLoginTenant: 'microsoftservices.partner.onmschina.cn',
    oAuthScope: 'https://api.botframework.azure.cn',
    tokenIssuer: 'https://api.botframework.azure.cn',
    openIdMetadataUrl: 'https://login.botframework.azure.cn/v1/.well-known/openidconfiguration',
    emulatorOpenIdMetadataUrl: 'https://login.partner.microsoftonline.cn/common/v2.0/.well-known/openid-configuration',
    tokenServiceUrl: 'https://token.botframework.azure.cn',
    oAuthRedirectUrl: 'https://token.botframework.azure.cn/.auth/web/redirect',
  }),
};
