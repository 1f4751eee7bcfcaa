import { ScenarioSpec } from './scenario-spec';
import { SKUS } from './skus';

/** 10,002 users (size class L): paging, bulk deletion and the write quota are exercised here. */
export const largeScenario: ScenarioSpec = {
  name: 'large',
  displayName: 'Litware Global',
  initialDomain: 'litwareglobal.onmicrosoft.com',
  customDomain: 'litware.example',
  syncEnabled: null,
  admin: { displayName: 'Global Admin Litware', upnLocal: 'gadmin' },
  users: [{ displayName: 'Backup Admin', upnLocal: 'backup.admin', roles: ['globalAdministrator'] }],
  generatedUsers: { count: 10_000 },
  subscriptions: [
    { ...SKUS.e3, totalLicenses: 10_500 },
    { ...SKUS.entraP1, totalLicenses: 10_500 },
  ],
  applications: [{ displayName: 'Litware Payroll' }],
  securityDefaultsEnabled: false,
};
