import { decide, viewOf } from '../../../src/steps';
import { atBackupAck, click, CLOSURE_ID, find, foreignAdmin, otherAdmin, owner, run, startEvent, started, sys, T0, TENANT_ID, work } from '../../support/closure-fixtures';

describe('start', () => {
  it('creates one closure for the tenant, owned by the starting admin, and reads the inventory', () => {
    const { state, commands } = run(undefined, startEvent());
    expect(state).toMatchObject({
      closureId: CLOSURE_ID,
      tenantId: TENANT_ID,
      status: 'active',
      version: 1,
      owner: { aadObjectId: owner.aadObjectId, name: owner.name },
      currentStep: 'prepare',
      startedAt: T0,
    });
    expect(state.steps.prepare).toMatchObject({ status: 'running', phase: 'inventory' });
    expect(state.steps.users.status).toBe('locked');
    expect(work(commands)).toEqual(['readInventory']);
    expect(find(commands, 'audit')?.entry).toMatchObject({ action: 'start', actor: { aadObjectId: owner.aadObjectId } });
  });

  it.each([
    ['the owner again', owner],
    ['another Global Admin of the tenant', otherAdmin],
  ])('by %s while one runs is refused with the running closure, and changes nothing', (_label, who) => {
    const s = started();
    const decision = decide(s, startEvent({ actor: who, closureId: 'closure-2' }), T0);
    expect(decision).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'closureAlreadyRunning', params: { closureId: CLOSURE_ID, ownerName: owner.name } }),
    });
  });

  it('by an admin of another tenant is refused', () => {
    const decision = decide(started(), startEvent({ actor: foreignAdmin }), T0);
    expect(decision).toMatchObject({ ok: false, error: { code: 'wrongTenant' } });
  });

  it('after a cancelled closure starts a new one', () => {
    const s = started();
    const cancelled = run(s, { type: 'cancel', actor: owner }).state;
    const { state } = run(cancelled, startEvent({ closureId: 'closure-2' }));
    expect(state).toMatchObject({ closureId: 'closure-2', status: 'active', version: 1, currentStep: 'prepare' });
  });
});

describe('prepare (step 0)', () => {
  it('inventory → backup export → acknowledgement unlocks users', () => {
    let s = started();
    let step = run(s, sys(s, { type: 'inventoryRead', users: 42, subscriptions: 2, applications: 1 }));
    expect(work(step.commands)).toEqual(['exportBackup']);
    expect(find(step.commands, 'exportBackup')).toEqual({ type: 'exportBackup', exportId: `${CLOSURE_ID}.backup` });
    s = step.state;
    expect(s.steps.prepare).toMatchObject({ phase: 'exporting', evidence: { users: 42, subscriptions: 2, applications: 1 } });

    step = run(s, sys(s, { type: 'backupExported', exportId: `${CLOSURE_ID}.backup`, rows: 42 }));
    s = step.state;
    expect(s.steps.prepare).toMatchObject({ status: 'active', phase: 'acknowledge', evidence: { backupRows: 42 } });
    expect(viewOf(s).actions.map((a) => a.verb)).toEqual(['closure.acknowledgeBackup', 'closure.cancel']);

    step = run(s, click(s, 'closure.acknowledgeBackup'));
    expect(step.state.steps.prepare).toMatchObject({ status: 'done', phase: 'done', doneAt: T0 });
    expect(step.state.currentStep).toBe('users');
    expect(step.state.steps.users).toMatchObject({ status: 'running', phase: 'previewing' });
    expect(work(step.commands)).toEqual(['previewUsers']);
    expect(find(step.commands, 'previewUsers')).toEqual({ type: 'previewUsers', keepUserId: owner.aadObjectId, setId: `${s.closureId}.users.1` });
  });

  it('the acknowledgement is not offered before the backup exists', () => {
    const s = started();
    expect(decide(s, click(s, 'closure.acknowledgeBackup'), T0)).toMatchObject({ ok: false, error: { code: 'actionUnavailable' } });
  });

  it('a failed export stops the step with a retry that repeats the export', () => {
    let s = started();
    s = run(s, sys(s, { type: 'inventoryRead', users: 3, subscriptions: 1, applications: 0 })).state;
    const failed = run(s, sys(s, { type: 'commandFailed', command: 'exportBackup', error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges', httpStatus: 403 } }));
    expect(failed.state.steps.prepare).toMatchObject({ status: 'active', phase: 'exporting', error: { code: 'Authorization_RequestDenied', httpStatus: 403 } });
    expect(failed.state.version).toBe(s.version + 1);
    expect(viewOf(failed.state).actions.map((a) => a.verb)).toContain('closure.retry');

    const retried = run(failed.state, click(failed.state, 'closure.retry'));
    expect(work(retried.commands)).toEqual(['exportBackup']);
    expect(retried.state.steps.prepare.error).toBeUndefined();
    expect(retried.state.steps.prepare.status).toBe('running');
  });

  it('a failure of a command the phase is not waiting on is refused', () => {
    const s = atBackupAck();
    const decision = decide(s, sys(s, { type: 'commandFailed', command: 'readInventory', error: { code: 'x', message: 'y' } }), T0);
    expect(decision).toMatchObject({ ok: false, error: { code: 'unexpectedEvent', kind: 'system' } });
  });

  it('a result the phase is not waiting on is refused', () => {
    const s = atBackupAck();
    const decision = decide(s, sys(s, { type: 'inventoryRead', users: 1, subscriptions: 1, applications: 1 }), T0);
    expect(decision).toMatchObject({ ok: false, error: { code: 'unexpectedEvent', kind: 'system' } });
  });
});
