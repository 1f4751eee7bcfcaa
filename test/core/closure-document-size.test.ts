import { AuditRecord } from '../../src/audit';
import { ClosureRepository } from '../../src/runner';
import { ClosureEvent, ClosureState } from '../../src/core';
import { decide, viewOf } from '../../src/steps';
import { clip, MESSAGE_LIMIT, NAME_LIMIT } from '../../src/core/closure.bounds';
import { CA_POLICY_LIMIT, SAMPLE_LIMIT, SUBSCRIPTION_LIMIT } from '../../src/core/closure.state';
import { MemoryStateStore } from '../../src/storage';
import { actor, at, T0 } from '../support/closure-fixtures';

const USERS = 100_000;
const LIMIT_BYTES = 32 * 1024;
/**
 * Entra allows display names of 256 characters; every name below is that long, in a script that
 * takes 3 UTF-8 bytes a character (the most per UTF-16 unit: CJK, for one).
 */
const longName = (label: string) => `${label} ${'漢'.repeat(256)}`.slice(0, 256);
const LONG_MESSAGE = 'Graph said something long. '.repeat(400);

/**
 * What grows with a tenant in the closure's state document: counts only. Names and lists are capped
 * (a preview sample, subscriptions, Conditional Access policies), and messages too. This drives a
 * 100,000-user closure through every step with the longest names Entra allows, the most items the
 * core keeps, a failed job and a failed command with long messages, and weighs the stored document
 * (state and its audit outbox) after every decision.
 */
describe('the closure state document at 100,000 users', () => {
  it(`stays under 32 KB through a whole closure, with the longest names and messages`, async () => {
    const store = new MemoryStateStore();
    const repository = new ClosureRepository(store);
    const owner = actor({ name: longName('Owner') });
    const tenantId = owner.tenantId;
    let state: ClosureState | undefined;
    let etag: string | undefined;
    let minute = 0;
    const sizes: Array<{ event: string; bytes: number }> = [];

    const apply = async (make: (s: ClosureState) => ClosureEvent) => {
      const event = make(state as ClosureState);
      const decision = decide(state, event, at(minute++));
      if (!decision.ok) throw new Error(`refused ${event.type}: ${decision.error.code}`);
      const audit = decision.commands.flatMap((c) => (c.type === 'audit' ? [c.entry as unknown as AuditRecord] : []));
      etag = await repository.save(tenantId, decision.state, etag, audit);
      state = decision.state;
      const stored = await store.get(`tenants/${tenantId}/closure`);
      sizes.push({ event: event.type === 'act' ? event.verb : event.type, bytes: Buffer.byteLength(JSON.stringify(stored!.value)) });
    };
    const sys = (payload: Record<string, unknown>) => (s: ClosureState) => ({ ...payload, closureId: s.closureId }) as ClosureEvent;
    const press = (verb: string, inputs?: Record<string, unknown>) => (s: ClosureState) => {
      const action = viewOf(s).actions.find((a) => a.verb === verb);
      if (!action) throw new Error(`${verb} not on the card`);
      return { type: 'act', actor: owner, card: action.data, verb, inputs } as ClosureEvent;
    };
    const DOMAIN = { typedDomain: 'contoso.onmicrosoft.com' };
    const subscriptions = (status: string) =>
      Array.from({ length: SUBSCRIPTION_LIMIT + 30 }, (_, i) => ({
        id: `sub-${i}`,
        skuId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
        skuPartNumber: `SKU_${i}_${'X'.repeat(60)}`,
        status,
        nextLifecycleDateTime: T0,
        isTrial: false,
        partnerManaged: false,
      }));
    const policies = Array.from({ length: CA_POLICY_LIMIT + 50 }, (_, i) => ({ id: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`, displayName: longName(`Policy ${i}`), state: 'enabled' }));

    await apply(() => ({ type: 'start', actor: owner, closureId: 'closure-100k', tenant: { displayName: longName('Tenant'), initialDomain: 'contoso.onmicrosoft.com', syncEnabled: true } }));
    await apply(sys({ type: 'inventoryRead', users: USERS, subscriptions: 50, applications: 5_000 }));
    await apply(sys({ type: 'backupExported', exportId: 'closure-100k.backup', rows: USERS }));
    await apply(press('closure.acknowledgeBackup'));
    await apply(press('closure.disableSync'));
    await apply(sys({ type: 'commandFailed', command: 'disableSync', error: { code: 'ServiceUnavailable', message: LONG_MESSAGE, httpStatus: 503 } }));
    await apply(press('closure.retry'));
    await apply(sys({ type: 'syncDisableRequested' }));
    await apply(sys({ type: 'syncChecked', syncEnabled: false }));
    const sample = Array.from({ length: SAMPLE_LIMIT * 100 }, (_, i) => longName(`User ${i}`));
    // The approved users themselves are stored beside the closure; the document holds the set's id, digest and size.
    const approvedSet = (s: ClosureState) => ({ id: `${s.closureId}.users.${s.steps.users.evidence.previewsTaken}`, digest: 'f'.repeat(64), count: USERS - 1 });
    await apply((s) => sys({ type: 'usersPreviewed', toDelete: USERS - 1, sample, kept: { id: owner.aadObjectId, displayName: longName('Kept') }, recycleBin: USERS, syncedUsers: 0, approvedSet: approvedSet(s) })(s));
    await apply(press('closure.deleteUsers', DOMAIN));
    const jobId = () => (state as ClosureState).job!.jobId;
    await apply((s) => sys({ type: 'jobProgress', jobId: jobId(), cursor: 'x'.repeat(2_000), total: USERS - 1, done: 50_000, failed: 3 })(s));
    await apply((s) => sys({ type: 'jobFailed', jobId: jobId(), total: USERS - 1, done: 60_000, failed: 4, error: { code: 'ServiceUnavailable', message: LONG_MESSAGE, httpStatus: 503 } })(s));
    await apply(press('closure.resumeJob'));
    await apply((s) => sys({ type: 'jobCompleted', jobId: jobId(), total: USERS - 1, done: USERS - 5, failed: 4 })(s));
    await apply(sys({ type: 'usersVerified', remaining: 0 }));
    await apply(sys({ type: 'subscriptionsRead', subscriptions: subscriptions('Enabled') }));
    await apply(sys({ type: 'subscriptionsRead', subscriptions: subscriptions('Suspended') }));
    await apply(sys({ type: 'subscriptionsRead', subscriptions: subscriptions('Deleted') }));
    await apply(sys({ type: 'mfaRead', usersWithMfa: USERS, usersChecked: USERS, securityDefaultsEnabled: false, caPolicies: policies }));
    await apply(press('closure.disableCaPolicies', { policyIds: policies.map((p) => p.id) }));
    await apply(sys({ type: 'caPoliciesDisabled', changed: CA_POLICY_LIMIT, failed: 0 }));

    const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    process.stdout.write(
      `closure document at ${USERS.toLocaleString('en-US')} users: largest ${largest.bytes} bytes (after ${largest.event}), last ${sizes[sizes.length - 1].bytes} bytes, over ${sizes.length} decisions\n`,
    );
    expect(largest.bytes).toBeLessThan(LIMIT_BYTES);
  });
});

describe('outside texts are cut before the core stores them', () => {
  it('cuts names and messages with an ellipsis, never in the middle of a surrogate pair, and leaves short ones alone', () => {
    expect(clip('Ada', NAME_LIMIT)).toBe('Ada');
    expect(clip('a'.repeat(NAME_LIMIT), NAME_LIMIT)).toBe('a'.repeat(NAME_LIMIT));
    expect(clip('a'.repeat(NAME_LIMIT + 1), NAME_LIMIT)).toBe(`${'a'.repeat(NAME_LIMIT - 1)}…`);
    const emoji = '😀'.repeat(NAME_LIMIT);
    const cut = clip(emoji, NAME_LIMIT);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(NAME_LIMIT);
    expect(Buffer.from(cut, 'utf8').toString('utf8')).toBe(cut); // no lone surrogate left
  });

  it('stores a long Graph error message cut, and the initial domain to type whole', () => {
    const owner = actor({ name: longName('Owner') });
    let decision = decide(undefined, { type: 'start', actor: owner, closureId: 'c', tenant: { displayName: longName('Tenant'), initialDomain: `${'d'.repeat(200)}.onmicrosoft.com`, syncEnabled: false } }, T0);
    if (!decision.ok) throw new Error(decision.error.code);
    expect(decision.state.owner.name).toHaveLength(NAME_LIMIT);
    expect(decision.state.tenant.initialDomain).toBe(`${'d'.repeat(200)}.onmicrosoft.com`);
    decision = decide(decision.state, { type: 'commandFailed', closureId: 'c', command: 'readInventory', error: { code: 'ServiceUnavailable', message: LONG_MESSAGE } }, T0);
    if (!decision.ok) throw new Error(decision.error.code);
    expect(decision.state.steps.prepare.error?.message).toHaveLength(MESSAGE_LIMIT);
  });
});
