import { ScenarioSpec } from './scenario-spec';
import { SKUS } from './skus';

/** Security defaults on, Conditional Access requiring MFA, per-user MFA enforced for everyone. */
export const lockedDownScenario: ScenarioSpec = {
  name: 'locked-down',
  displayName: 'Woodgrove Secure',
  initialDomain: 'woodgrovesecure.onmicrosoft.com',
  syncEnabled: null,
  admin: { displayName: 'Security Admin', upnLocal: 'secadmin', perUserMfaState: 'enforced' },
  users: [{ displayName: 'Break Glass', upnLocal: 'breakglass', roles: ['globalAdministrator'], perUserMfaState: 'enforced', licensed: false }],
  generatedUsers: { count: 18, perUserMfaState: 'enforced' },
  subscriptions: [{ ...SKUS.e5, totalLicenses: 25 }],
  securityDefaultsEnabled: true,
  conditionalAccessPolicies: [
    { displayName: 'Require MFA for all users', state: 'enabled', requireMfa: true },
    { displayName: 'Require MFA for admins', state: 'enabled', requireMfa: true },
    { displayName: 'Block legacy authentication', state: 'enabledForReportingButNotEnforced', requireMfa: false },
  ],
};
