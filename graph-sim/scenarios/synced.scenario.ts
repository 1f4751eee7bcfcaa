import { ScenarioSpec } from './scenario-spec';
import { SKUS } from './skus';

/**
 * A hybrid tenant: directory sync is on and 40 of 43 users are mastered on-premises, so deleting
 * them fails until sync is turned off and the (delayed) deactivation completes (graph-api.md §3.4).
 */
export const syncedScenario: ScenarioSpec = {
  name: 'synced',
  displayName: 'Northwind Traders',
  initialDomain: 'northwindtraders.onmicrosoft.com',
  customDomain: 'northwind.example',
  syncEnabled: true,
  admin: { displayName: 'Cloud Admin', upnLocal: 'cloudadmin' },
  users: [
    { displayName: 'Printer Service', upnLocal: 'printer', licensed: false },
    { displayName: 'Hybrid Helpdesk', upnLocal: 'helpdesk', synced: true, roles: ['userAdministrator'] },
  ],
  generatedUsers: { count: 40, syncedEvery: 1 },
  subscriptions: [{ ...SKUS.e3, totalLicenses: 50 }],
  securityDefaultsEnabled: false,
};
