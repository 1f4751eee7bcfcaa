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

const PUBLIC: CloudProfile = {
  graphEndpoint: 'https://graph.microsoft.com',
  authority: 'https://login.microsoftonline.com',
  links: {
    adminCenter: 'https://admin.microsoft.com',
    subscriptions: 'https://admin.microsoft.com/Adminportal/Home#/subscriptions',
    activeUsers: 'https://admin.microsoft.com/Adminportal/Home#/users',
    entraAdminCenter: 'https://entra.microsoft.com',
    manageTenants: 'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/DirectorySwitchBlade/subtitle/',
    perUserMfa: 'https://entra.microsoft.com/#view/Microsoft_AAD_UsersAndTenants/UserManagementMenuBlade/~/AllUsers',
    selfServiceSignUpProducts: 'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/LicensesMenuBlade/~/SelfServiceSignUpProducts',
  },
};

/**
 * Only the public cloud is filled in so far; the others reuse its links until issue 8 completes
 * them, and say so through `complete: false` so the startup log can warn.
 */
export const CLOUD_PROFILES: Record<CloudName, CloudProfile & { complete: boolean }> = {
  public: { ...PUBLIC, complete: true },
  usgov: { ...PUBLIC, graphEndpoint: 'https://graph.microsoft.us', authority: 'https://login.microsoftonline.us', complete: false },
  usgovdod: { ...PUBLIC, graphEndpoint: 'https://dod-graph.microsoft.us', authority: 'https://login.microsoftonline.us', complete: false },
  china: { ...PUBLIC, graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn', authority: 'https://login.chinacloudapi.cn', complete: false },
};
