import { ScenarioSpec } from './scenario-spec';
import { SKUS } from './skus';

/** 25 users in all (the acting admin and 24 staff): size class S of the throttling budget. */
export const smallScenario: ScenarioSpec = {
  name: 'small',
  displayName: 'Fabrikam Studio',
  initialDomain: 'fabrikamstudio.onmicrosoft.com',
  syncEnabled: null,
  admin: { displayName: 'Admin Fabrikam', upnLocal: 'admin' },
  users: [],
  generatedUsers: { count: 24 },
  subscriptions: [{ ...SKUS.businessBasic, totalLicenses: 30 }],
  securityDefaultsEnabled: true,
};
