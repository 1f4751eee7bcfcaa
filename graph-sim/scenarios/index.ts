import type { ScenarioName } from '../types';
import { blockedScenario } from './blocked.scenario';
import { demoScenario } from './demo.scenario';
import { largeScenario } from './large.scenario';
import { lockedDownScenario } from './locked-down.scenario';
import { noConsentScenario } from './no-consent.scenario';
import { ScenarioSpec } from './scenario-spec';
import { smallScenario } from './small.scenario';
import { syncedScenario } from './synced.scenario';

export const SCENARIOS: Readonly<Record<ScenarioName, ScenarioSpec>> = {
  demo: demoScenario,
  small: smallScenario,
  large: largeScenario,
  synced: syncedScenario,
  'locked-down': lockedDownScenario,
  blocked: blockedScenario,
  'no-consent': noConsentScenario,
};

export function resolveScenario(scenario: ScenarioName | ScenarioSpec): ScenarioSpec {
  if (typeof scenario !== 'string') return scenario;
  const spec = (SCENARIOS as Record<string, ScenarioSpec | undefined>)[scenario];
  if (!spec) throw new Error(`Unknown scenario "${scenario}"; known: ${Object.keys(SCENARIOS).join(', ')}`);
  return spec;
}
