import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const foldersOf = (dir: string) =>
  readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

/** The steps of the procedure: the folders of src/steps that hold a step's rule. */
const STEPS = foldersOf('src/steps').filter((name) => readdirSync(join(ROOT, 'src/steps', name)).some((file) => file.endsWith('.step.ts')));

/** Beside the steps' parts, cards/ holds the blocks they share and the closing summary's part. */
const SHARED_CARD_FOLDERS = ['blocks', 'summary'];

describe('a step of the procedure has one name and one folder in src/steps, cards and test/steps', () => {
  it('finds the five steps of the procedure (steps 2 and 3 share one folder)', () => {
    expect(STEPS).toEqual(['directory', 'mfa', 'prepare', 'subscriptions', 'users']);
  });

  it.each(STEPS)('%s: its part of the card in cards/<step>/<step>.json, its tests in test/steps/<step>/', (step) => {
    expect(existsSync(join(ROOT, 'cards', step, `${step}.json`))).toBe(true);
    expect(readdirSync(join(ROOT, 'test/steps', step)).some((file) => file.endsWith('.test.ts'))).toBe(true);
    // The presenter names the same folder for its part of the card.
    expect(readFileSync(join(ROOT, 'src/steps', step, `${step}.presenter.ts`), 'utf8')).toContain(`card: '${step}'`);
  });

  it('no other folder in cards/ or test/steps/ than the steps’ (and the shared blocks and summary in cards/)', () => {
    expect(foldersOf('cards')).toEqual([...STEPS, ...SHARED_CARD_FOLDERS].sort());
    expect(foldersOf('test/steps')).toEqual(STEPS);
  });

  it("a step's part names only blocks that exist", () => {
    const blocks = readdirSync(join(ROOT, 'cards/blocks')).map((file) => file.replace(/\.json$/, ''));
    for (const part of [...STEPS, 'summary']) {
      const elements = JSON.parse(readFileSync(join(ROOT, 'cards', part, `${part}.json`), 'utf8')) as unknown[];
      for (const element of elements) if (typeof element === 'string') expect(blocks).toContain(element);
    }
  });
});
