import { ScenarioSpec } from './scenario-spec';
import { SKUS } from './skus';

/**
 * Security defaults on, per-user MFA enforced for everyone, and Conditional Access requiring MFA
 * every way it can: the built-in `mfa` control, built-in authentication strengths (enforced and
 * report-only), and a custom strength that does not satisfy MFA (not an MFA requirement).
 */
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
    { displayName: 'Phishing-resistant MFA for admins', state: 'enabled', requireMfa: false, authenticationStrength: 'Phishing-resistant MFA' },
    { displayName: 'Passwordless pilot', state: 'enabledForReportingButNotEnforced', requireMfa: false, authenticationStrength: 'Passwordless MFA' },
    { displayName: 'Old MFA strength trial', state: 'disabled', requireMfa: false, authenticationStrength: 'Multifactor authentication' },
    { displayName: 'Password or SMS for kiosks', state: 'enabled', requireMfa: false, authenticationStrength: 'Kiosk sign-in' },
  ],
  authenticationStrengths: [{ displayName: 'Kiosk sign-in', requirementsSatisfied: 'none', allowedCombinations: ['password', 'sms'] }],
};
