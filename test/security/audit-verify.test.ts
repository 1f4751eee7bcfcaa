import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ClosureRepository } from '../../src/runner';
import { createStateStore } from '../../src/storage';
import { exportAuditLog } from '../../scripts/audit-export';
import { main } from '../../scripts/audit-verify';

/** Export a closure's audit log from the file store, then verify it, intact and tampered with. */
describe('audit log export and verification', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-'));
  const tenantId = randomUUID();
  const closureId = randomUUID();
  let exported: Awaited<ReturnType<typeof exportAuditLog>>;

  beforeAll(async () => {
    const store = createStateStore({ kind: 'file', dir });
    await store.ready();
    const repository = new ClosureRepository(store);
    await repository.appendAudit(tenantId, closureId, [{ at: '2026-01-01T10:00:00Z', action: 'start', actor: 'a1' }]);
    await repository.appendAudit(tenantId, closureId, [
      { at: '2026-01-01T10:05:00Z', action: 'closure.acknowledgeBackup', actor: 'a1' },
      { at: '2026-01-01T10:09:00Z', action: 'closure.deleteUsers', actor: 'a1', users: 24 },
    ]);
    exported = await exportAuditLog(store, tenantId, closureId);
    await store.close();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function verify(log: unknown): { code: number; output: string } {
    const file = join(dir, `${randomUUID()}.json`);
    writeFileSync(file, typeof log === 'string' ? log : JSON.stringify(log));
    const lines: string[] = [];
    const code = main([file], (l) => lines.push(l));
    return { code, output: lines.join('\n') };
  }

  it('exports the entries in order and verifies them (exit 0)', () => {
    expect(exported.entries.map((e) => e.action)).toEqual(['start', 'closure.acknowledgeBackup', 'closure.deleteUsers']);
    const result = verify(exported);
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/VALID, 3 entries, head [0-9a-f]{64}/);
  });

  it.each([
    ['an edited entry', (e: Array<Record<string, unknown>>) => (e[2].users = 1), /BROKEN at entry 3 .*content does not match its hash/],
    ['a removed entry', (e: Array<Record<string, unknown>>) => e.splice(1, 1), /BROKEN at entry 2 .*sequence number 3/],
    ['reordered entries', (e: Array<Record<string, unknown>>) => e.reverse(), /BROKEN at entry 1/],
    ['a forged entry re-hashed in the middle', (e: Array<Record<string, unknown>>) => (e[1] = { ...e[1], actor: 'intruder' }), /BROKEN at entry 2/],
  ])('reports %s with where the chain breaks (exit 1)', (_name, tamper, message) => {
    const copy = JSON.parse(JSON.stringify(exported));
    tamper(copy.entries);
    const result = verify(copy);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(message);
  });

  it('refuses what is not an audit log (exit 2)', () => {
    expect(verify('not json').code).toBe(2);
    expect(verify({ entries: 'x' }).code).toBe(2);
    expect(main([], () => {})).toBe(2);
  });
});
