import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';

// The import rules (.dependency-cruiser.cjs, docs/ARCHITECTURE.md) run as `npm run lint` runs them: the real
// tree passes; a copy of it with forbidden imports planted fails, on each planted import and on nothing else.

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const KNOWN = '.dependency-cruiser-known-violations.json';

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

function depcruise(cwd: string, outputType: 'err' | 'json', folders: string[]) {
  return spawnSync(process.execPath, [CLI, '--config', '.dependency-cruiser.cjs', '--ignore-known', KNOWN, '--output-type', outputType, ...folders], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** Known violations come back with severity 'ignore'; the rest are what `npm run lint` fails on. */
function errorsOf(cwd: string, folders: string[]): Violation[] {
  const run = depcruise(cwd, 'json', folders);
  if (!run.stdout) throw new Error(`dependency-cruiser wrote nothing (status ${run.status}): ${run.stderr}`);
  const { summary } = JSON.parse(run.stdout) as { summary: { violations: Violation[] } };
  return summary.violations.filter((v) => v.rule.severity === 'error');
}

const ALLOWED_TEST_IMPORTS = [
  "import { mfaStep } from '../../../src/steps/mfa/mfa.step';",
  "import { ClosureRepository } from '../../../src/runner';",
  "import { STEP_MODULES } from '../../../src/steps';",
  "import { GraphTenantOperations } from '../../../src/steps/tenant.operations';",
  'export const planted = [mfaStep, ClosureRepository, STEP_MODULES, GraphTenantOperations];',
  '',
].join('\n');

const PLANTED: Record<string, string> = {
  'src/core/planted-io.ts': "import { readFileSync } from 'node:fs';\nexport const planted = () => readFileSync('state.json');\n",
  'src/steps/mfa/planted-io.rule.ts': "import { readFileSync } from 'node:fs';\nexport const planted = () => readFileSync('policies.json');\n",
  'src/steps/mfa/planted-nameless.ts': "import { mfaStep } from './mfa.step';\nexport const planted = mfaStep;\n",
  'src/runner/planted-operations.ts': "import { mfaReport } from '../steps/mfa/mfa.operations';\nexport const planted = mfaReport;\n",
  'src/runner/planted-card.ts': "import { closureCard } from '../cards/presenters/closure.presenter';\nexport const planted = closureCard;\n",
  'src/closure/planted-sdk.ts': "import type { TurnContext } from 'botbuilder';\nexport type Planted = TurnContext;\n",
  'src/ports/planted-up.ts': "import type { BotReply } from '../closure/replies';\nexport type Planted = BotReply;\n",
  'src/closure/planted-adapter.ts': "import { GraphDirectory } from '../graph/graph-directory';\nexport const planted = GraphDirectory;\n",
  'src/config/planted-sim.ts': "import { startGraphSimulator } from '../../graph-sim';\nexport const planted = startGraphSimulator;\n",
  'graph-sim/support/planted-a.ts': "import { b } from './planted-b';\nexport const a = (): number => b() + 1;\n",
  'graph-sim/support/planted-b.ts': "import { a } from './planted-a';\nexport const b = (): number => a() - 1;\n",
  'src/audit/planted-folder.ts': "import { plantedLocale } from '../i18n/planted-folder';\nexport const plantedAudit = plantedLocale;\n",
  'src/i18n/planted-folder.ts': "import { verifyChain } from '../audit/audit-chain';\nexport const plantedLocale = verifyChain;\n",
  // Tests: another folder's internals are out of reach (the runner's, another step's, a sibling subfolder's) ...
  'test/e2e/planted-internal.test.ts': "import { ClosureRepository } from '../../src/runner/closure-repository';\nexport const planted = ClosureRepository;\n",
  'test/steps/mfa/planted-other-step.test.ts': "import { usersStep } from '../../../src/steps/users/users.step';\nexport const planted = usersStep;\n",
  'test/graph/user-deletion/planted-sibling.test.ts': "import { WritePacer } from '../../../src/graph/bulk/write-pacer';\nexport const planted = WritePacer;\n",
  'test/cards/planted-gallery.ts': 'export const plantedGallery = 1;\n',
  'test/e2e/planted-helper.test.ts': "import { plantedGallery } from '../cards/planted-gallery';\nexport const planted = plantedGallery;\n",
  // ... while a test imports its own folder freely, with its support and fixtures, and the others through their entry.
  'test/steps/mfa/planted-own.test.ts': ALLOWED_TEST_IMPORTS,
  'test/storage/fixtures/planted-worker.ts': "import { FileStateStore } from '../../../src/storage/file-state-store';\nexport const planted = FileStateStore;\n",
};

/** What the check must report for the planted files. */
const EXPECTED: Array<{ rule: string; from: string | RegExp; to: RegExp }> = [
  { rule: 'core-is-pure', from: 'src/core/planted-io.ts', to: /^(node:)?fs$/ },
  // A step's pure rule is held to the core's purity; a file of a step without a role has no layer; its Graph calls are an adapter.
  { rule: 'core-is-pure', from: 'src/steps/mfa/planted-io.rule.ts', to: /^(node:)?fs$/ },
  { rule: 'src-folder-without-a-layer', from: 'src/steps/mfa/planted-nameless.ts', to: /^src\/steps\/mfa\/mfa\.step\.ts$/ },
  { rule: 'adapters-wired-by-the-root-only', from: 'src/runner/planted-operations.ts', to: /^src\/steps\/mfa\/mfa\.operations\.ts$/ },
  { rule: 'presenters-only-from-hosting', from: 'src/runner/planted-card.ts', to: /^src\/cards\/presenters\/closure\.presenter\.ts$/ },
  { rule: 'runner-imports-no-layer-above', from: 'src/runner/planted-card.ts', to: /^src\/cards\/presenters\/closure\.presenter\.ts$/ },
  { rule: 'bot-sdk-only-in-hosting', from: 'src/closure/planted-sdk.ts', to: /node_modules\/botbuilder\// },
  { rule: 'ports-imports-no-layer-above', from: 'src/ports/planted-up.ts', to: /^src\/closure\/replies\.ts$/ },
  { rule: 'adapters-wired-by-the-root-only', from: 'src/closure/planted-adapter.ts', to: /^src\/graph\/graph-directory\.ts$/ },
  { rule: 'src-imports-no-graph-sim', from: 'src/config/planted-sim.ts', to: /^graph-sim\/index\.ts$/ },
  // A circle is reported once, from whichever of its files the checker meets first.
  { rule: 'no-circular', from: /^graph-sim\/support\/planted-[ab]\.ts$/, to: /^graph-sim\/support\/planted-[ab]\.ts$/ },
  { rule: 'no-circular-folders', from: 'src/audit', to: /^src\/i18n$/ },
  { rule: 'no-circular-folders', from: 'src/i18n', to: /^src\/audit$/ },
  { rule: 'tests-reach-other-folders-through-their-entry', from: 'test/e2e/planted-internal.test.ts', to: /^src\/runner\/closure-repository\.ts$/ },
  { rule: 'tests-reach-other-folders-through-their-entry', from: 'test/steps/mfa/planted-other-step.test.ts', to: /^src\/steps\/users\/users\.step\.ts$/ },
  { rule: 'tests-reach-other-folders-through-their-entry', from: 'test/graph/user-deletion/planted-sibling.test.ts', to: /^src\/graph\/bulk\/write-pacer\.ts$/ },
  { rule: 'tests-share-helpers-through-test-support', from: 'test/e2e/planted-helper.test.ts', to: /^test\/cards\/planted-gallery\.ts$/ },
];

/** Planted imports that the rules allow: the check must not report them. */
const ALLOWED = ['test/steps/mfa/planted-own.test.ts', 'test/storage/fixtures/planted-worker.ts', 'test/cards/planted-gallery.ts'];

describe('import boundaries (dependency-cruiser)', () => {
  jest.setTimeout(180_000);

  it('the real tree passes the check npm run lint runs', () => {
    const run = depcruise(ROOT, 'err', ['src', 'graph-sim', 'graph-reference', 'scripts', 'test']);
    expect(run.stdout).toContain('no dependency violations found');
    expect(run.status).toBe(0);
  });

  describe('a copy of the tree with forbidden imports planted', () => {
    let copy: string;

    beforeAll(() => {
      copy = mkdtempSync(join(tmpdir(), 'boundaries-'));
      const vendoredData = join(ROOT, 'graph-reference', 'data');
      for (const entry of ['src', 'graph-sim', 'graph-reference', 'tsconfig.json', '.dependency-cruiser.cjs', KNOWN]) {
        cpSync(join(ROOT, entry), join(copy, entry), { recursive: true, filter: (source) => source !== vendoredData && !source.startsWith(`${vendoredData}${sep}`) });
      }
      symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
      for (const [path, source] of Object.entries(PLANTED)) {
        mkdirSync(dirname(join(copy, path)), { recursive: true });
        writeFileSync(join(copy, path), source);
      }
    });

    afterAll(() => rmSync(copy, { recursive: true, force: true }));

    it('fails the check npm run lint runs', () => {
      const run = depcruise(copy, 'err', ['src', 'graph-sim', 'graph-reference', 'test']);
      expect(run.status).not.toBe(0);
      expect(run.stdout).toContain('core-is-pure');
    });

    it('names each planted import with the rule it breaks, and no file that was not planted', () => {
      const errors = errorsOf(copy, ['src', 'graph-sim', 'graph-reference', 'test']);
      for (const expected of EXPECTED) {
        const from = typeof expected.from === 'string' ? expected.from : expect.stringMatching(expected.from);
        expect(errors).toContainEqual(expect.objectContaining({ from, to: expect.stringMatching(expected.to), rule: expect.objectContaining({ name: expected.rule }) }));
      }
      // The planted upward imports close folder circles too (runner -> cards -> ... -> runner): those name folders.
      const fromUnplantedFiles = errors.filter((e) => e.rule.name !== 'no-circular-folders' && !(e.from in PLANTED));
      expect(fromUnplantedFiles).toEqual([]);
      expect(errors.filter((e) => ALLOWED.includes(e.from))).toEqual([]);
    });
  });
});
