import { ScenarioSpec } from './scenario-spec';
import { smallScenario } from './small.scenario';

/**
 * The small tenant before any admin consented to the bot: Entra issues no Graph token for it
 * (`issueToken` throws AADSTS65001) and static tokens are granted nothing, so every request
 * answers 403 Authorization_RequestDenied.
 */
export const noConsentScenario: ScenarioSpec = {
  ...smallScenario,
  name: 'no-consent',
  displayName: 'Tailspin Newcomers',
  initialDomain: 'tailspinnewcomers.onmicrosoft.com',
  adminConsent: 'none',
};
