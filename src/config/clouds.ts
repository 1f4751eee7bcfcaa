/** The national clouds the closure procedure is published for. */
export const CLOUDS = ['public', 'usgov', 'usgovdod', 'china'] as const;
export type CloudName = (typeof CLOUDS)[number];

/** Endpoints and admin-center links of one cloud (graph-api.md §10 for the public cloud). */
export interface CloudProfile {
  graphEndpoint: string;
  authority: string;
  links: {
    adminCenter: string;
    subscriptions: string;
    activeUsers: string;
    entraAdminCenter: string;
    manageTenants: string;
    perUserMfa: string;
    selfServiceSignUpProducts: string;
  };
}

function profile(graphEndpoint: string, authority: string, adminCenter: string, entra: string): CloudProfile {
  return {
    graphEndpoint,
    authority,
    links: {
      adminCenter,
      subscriptions: `${adminCenter}/Adminportal/Home#/subscriptions`,
      activeUsers: `${adminCenter}/Adminportal/Home#/users`,
      entraAdminCenter: entra,
      manageTenants: `${entra}/#view/Microsoft_AAD_IAM/DirectorySwitchBlade/subtitle/`,
      perUserMfa: `${entra}/#view/Microsoft_AAD_UsersAndTenants/UserManagementMenuBlade/~/AllUsers`,
      selfServiceSignUpProducts: `${entra}/#view/Microsoft_AAD_IAM/LicensesMenuBlade/~/SelfServiceSignUpProducts`,
    },
  };
}

/**
 * Graph endpoints and sign-in authorities are Microsoft's national-cloud deployments
 * (learn.microsoft.com/graph/deployments). Admin-center hosts: portal.office365.us (GCC High),
 * portal.apps.mil (DoD), portal.partner.microsoftonline.cn (21Vianet); Entra admin centers:
 * entra.microsoft.us and entra.microsoft.cn. The `#/…` routes are undocumented portal routes that
 * the public cloud uses; cards always give the click path as well.
 */
export const CLOUD_PROFILES: Record<CloudName, CloudProfile> = {
  public: profile('https://graph.microsoft.com', 'https://login.microsoftonline.com', 'https://admin.microsoft.com', 'https://entra.microsoft.com'),
  usgov: profile('https://graph.microsoft.us', 'https://login.microsoftonline.us', 'https://portal.office365.us', 'https://entra.microsoft.us'),
  usgovdod: profile('https://dod-graph.microsoft.us', 'https://login.microsoftonline.us', 'https://portal.apps.mil', 'https://entra.microsoft.us'),
  china: profile('https://microsoftgraph.chinacloudapi.cn', 'https://login.chinacloudapi.cn', 'https://portal.partner.microsoftonline.cn', 'https://entra.microsoft.cn'),
};
