import { ScenarioSpec } from './scenario-spec';
import { SKUS } from './skus';

/**
 * Everything that blocks tenant deletion (graph-api.md §6.1): app registrations, tenant-owned
 * service principals, soft-deleted users, a trial subscription and one in Warning (expired, grace).
 */
export const blockedScenario: ScenarioSpec = {
  name: 'blocked',
  displayName: 'Adatum Closing',
  initialDomain: 'adatumclosing.onmicrosoft.com',
  syncEnabled: false,
  admin: { displayName: 'Owner Adatum', upnLocal: 'owner' },
  users: [
    { displayName: 'Ivo Neri', upnLocal: 'ivo.neri' },
    { displayName: 'Rita Gallo', upnLocal: 'rita.gallo', perUserMfaState: 'enabled' },
  ],
  deletedUsers: [
    { displayName: 'Former Employee', upnLocal: 'former.employee', deletedDaysAgo: 2 },
    { displayName: 'Old Contractor', upnLocal: 'old.contractor', deletedDaysAgo: 12 },
    { displayName: 'Almost Purged', upnLocal: 'almost.purged', deletedDaysAgo: 29 },
  ],
  subscriptions: [
    { ...SKUS.businessPremium, totalLicenses: 5 },
    { ...SKUS.powerBiPro, totalLicenses: 25, isTrial: true, daysToNextLifecycle: 12 },
    { ...SKUS.exchangePlan1, totalLicenses: 3, status: 'Warning', daysToNextLifecycle: 9 },
  ],
  applications: [{ displayName: 'Adatum Portal' }, { displayName: 'Adatum Mobile', signInAudience: 'AzureADMultipleOrgs' }, { displayName: 'Legacy Sync Tool' }],
  servicePrincipals: [{ displayName: 'Adatum Portal' }, { displayName: 'Adatum Mobile' }],
  securityDefaultsEnabled: true,
  conditionalAccessPolicies: [{ displayName: 'Require MFA for admins', state: 'disabled', requireMfa: true }],
};
