import { AuditEntry, AuditRecord, chain, verifyChain } from '../../src/audit/audit-chain';

const actor = { aadObjectId: 'a', name: 'Mario' };
const records: AuditRecord[] = [
  { at: '2026-01-01T00:00:00.000Z', actor, action: 'closure.started' },
  { at: '2026-01-01T00:01:00.000Z', actor, action: 'users.approved', stepId: 'users', details: { toDelete: 24 } },
  { at: '2026-01-01T00:05:00.000Z', actor: 'system' as const, action: 'users.deleted', stepId: 'users', details: { deleted: 24, failed: 0 } },
];

describe('audit chain', () => {
  it('chains entries and verifies them, also when appended in several calls', () => {
    const first = chain(undefined, records.slice(0, 2));
    const all = [...first, ...chain(first[1], records.slice(2))];
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(verifyChain(all)).toEqual({ valid: true, entries: 3, head: all[2].hash });
  });

  it.each<[string, (entries: AuditEntry[]) => AuditEntry[]]>([
    ['an edited detail', (e) => [e[0], { ...e[1], details: { toDelete: 2 } }, e[2]]],
    ['an edited actor', (e) => [{ ...e[0], actor: { aadObjectId: 'b', name: 'Eve' } }, e[1], e[2]]],
    ['a removed entry', (e) => [e[0], e[2]]],
    ['reordered entries', (e) => [e[1], e[0], e[2]]],
    ['a re-hashed forgery in the middle', (e) => [e[0], { ...chain(e[0], [{ ...records[1], details: { toDelete: 1 } }])[0] }, e[2]]],
  ])('detects %s', (_name, tamper) => {
    expect(verifyChain(tamper(chain(undefined, records))).valid).toBe(false);
  });

  it('does not depend on property order', () => {
    const [a] = chain(undefined, [{ action: 'x', at: 't', actor: 'system' }]);
    const [b] = chain(undefined, [{ actor: 'system', at: 't', action: 'x' }]);
    expect(a.hash).toBe(b.hash);
  });
});
