import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CLOSURE_STEPS, STEP_IDS, VERB_DEFS } from '../../src/core';

const SRC = join(__dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The core, the step registry and each step's pure rule (`*.step.ts`, `*.rule.ts` in src/steps/<step>/). */
const PURE = [...sources(join(SRC, 'core')), ...sources(join(SRC, 'steps')).filter((path) => /(^|[\\/])index\.ts$|\.(step|rule)\.ts$/.test(path))];

describe('the core stays pure', () => {
  it.each(PURE.map((path) => [path.slice(SRC.length + 1), path]))('%s imports nothing but the core and reads no clock or randomness', (_name, path) => {
    const text = readFileSync(path, 'utf8');
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    for (const spec of imports) expect(spec.startsWith('.')).toBe(true);
    expect(text).not.toMatch(/Date\.now\(|Math\.random\(|new Date\(\)/);
    // Small files: one concept each.
    expect(text.split('\n').length).toBeLessThanOrEqual(200);
  });
});

describe('steps as data', () => {
  it("follows Microsoft's order, one definition per step", () => {
    expect(CLOSURE_STEPS.map((s) => [s.index, s.id, s.kind])).toEqual([
      [0, 'prepare', 'read'],
      [1, 'users', 'destructive'],
      [2, 'cancelSubscriptions', 'manual'],
      [3, 'deleteSubscriptions', 'manual'],
      [4, 'mfa', 'destructive'],
      [5, 'directory', 'destructive'],
    ]);
    expect(CLOSURE_STEPS.map((s) => s.id)).toEqual([...STEP_IDS]);
  });

  it('every verb a step lists as needing approval is an approval verb', () => {
    for (const step of CLOSURE_STEPS) for (const verb of step.approvalVerbs) expect(VERB_DEFS[verb].approval).toBe(true);
  });

  it('only the irreversible approvals ask for the typed domain: deleting users, emptying their recycle bin, the final confirmation', () => {
    const typed = Object.entries(VERB_DEFS)
      .filter(([, def]) => def.typedDomain)
      .map(([verb]) => verb);
    expect(typed).toEqual(['closure.deleteUsers', 'closure.purgeDeletedUsers', 'closure.complete']);
  });
});
