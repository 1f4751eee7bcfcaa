import { ClosureCommand, ClosureEvent, ClosureState } from '../../src/core';
import { decide, viewOf } from '../../src/steps';
import { at, click, DOMAIN, find, jobId, MFA_REPORT, NO_BLOCKERS, owner, PREVIEW, run, startEvent, sub, sys, T0, FINAL } from '../support/closure-fixtures';

/** Drives a closure through the hosting layer's eyes: every click is made on the card viewOf() shows. */
function press(state: ClosureState, verb: string, inputs?: { typedDomain?: string }): ClosureEvent {
  const action = viewOf(state).actions.find((a) => a.verb === verb);
  if (!action) throw new Error(`${verb} not on the card (phase ${state.steps[state.currentStep].phase})`);
  return { type: 'act', actor: owner, card: action.data, verb: action.verb, inputs };
}

describe('a whole closure of a synced tenant, from start to completed', () => {
  it('walks every step and leaves a complete audit trail', () => {
    const audit: string[] = [];
    const commands: ClosureCommand[] = [];
    let s: ClosureState | undefined;
    let minute = 0;
    const apply = (make: (st: ClosureState) => ClosureEvent) => {
      const step = run(s, make(s as ClosureState), at(minute++));
      s = step.state;
      commands.push(...step.commands);
      for (const c of step.commands) if (c.type === 'audit') audit.push(c.entry.action);
    };

    apply(() => startEvent({ tenant: { syncEnabled: true } }));
    apply((st) => sys(st, { type: 'inventoryRead', users: 42, subscriptions: 1, applications: 1 }));
    apply((st) => sys(st, { type: 'backupExported', exportId: `${st.closureId}.backup`, rows: 42 }));
    apply((st) => press(st, 'closure.acknowledgeBackup'));
    apply((st) => press(st, 'closure.disableSync'));
    apply((st) => sys(st, { type: 'syncDisableRequested' }));
    apply((st) => sys(st, { type: 'recheckDue', stepId: 'users', attempt: 1 }));
    apply((st) => sys(st, { type: 'syncChecked', syncEnabled: false }));
    apply((st) => sys(st, PREVIEW));
    apply((st) => press(st, 'closure.deleteUsers', DOMAIN));
    apply((st) => sys(st, { type: 'jobProgress', jobId: jobId(st), cursor: 'c20', total: 41, done: 20, failed: 0 }));
    apply((st) => sys(st, { type: 'jobCompleted', jobId: jobId(st), total: 41, done: 41, failed: 0 }));
    apply((st) => sys(st, { type: 'usersVerified', remaining: 0 }));
    apply((st) => sys(st, { type: 'subscriptionsRead', subscriptions: [sub('Enabled')] }));
    apply((st) => press(st, 'closure.checkAgain'));
    apply((st) => sys(st, { type: 'subscriptionsRead', subscriptions: [sub('Suspended')] }));
    apply((st) => sys(st, { type: 'subscriptionsRead', subscriptions: [sub('Deleted')] }));
    apply((st) => sys(st, MFA_REPORT));
    apply((st) => press(st, 'closure.disableSecurityDefaults'));
    apply((st) => sys(st, { type: 'securityDefaultsDisabled' }));
    apply((st) => sys(st, { ...MFA_REPORT, securityDefaultsEnabled: false }));
    apply((st) => press(st, 'closure.continue'));
    apply((st) => sys(st, NO_BLOCKERS));
    apply((st) => press(st, 'closure.complete', FINAL));

    const final = s as ClosureState;
    expect(final.status).toBe('completed');
    expect(Object.values(final.steps).map((step) => step.status)).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
    expect(final.tenant.syncEnabled).toBe(false);
    expect(final.job).toMatchObject({ status: 'completed', done: 41 });

    // Every approval is in the audit trail, in order; job progress and timers are not.
    const approvals = audit.filter((a) => a.startsWith('closure.'));
    expect(approvals).toEqual(['closure.acknowledgeBackup', 'closure.disableSync', 'closure.deleteUsers', 'closure.checkAgain', 'closure.disableSecurityDefaults', 'closure.continue', 'closure.complete']);
    expect(audit).not.toContain('jobProgress');
    expect(audit).not.toContain('recheckDue');
    expect(audit[0]).toBe('start');

    const notifications = commands.filter((c): c is Extract<ClosureCommand, { type: 'notify' }> => c.type === 'notify').map((c) => c.kind);
    expect(notifications).toEqual(['stepUnblocked', 'jobCompleted', 'stepCompleted', 'stepCompleted', 'stepCompleted', 'closureCompleted']);
  });
});

describe('invariants', () => {
  it('the state does not grow with the number of users', () => {
    const sizeFor = (users: number) => {
      let s = run(undefined, startEvent()).state;
      s = run(s, sys(s, { type: 'inventoryRead', users, subscriptions: 1, applications: 0 })).state;
      s = run(s, sys(s, { type: 'backupExported', exportId: 'x', rows: users })).state;
      s = run(s, click(s, 'closure.acknowledgeBackup')).state;
      const names = Array.from({ length: Math.min(users, 1000) }, (_, i) => `User number ${i}`);
      s = run(s, sys(s, { ...PREVIEW, toDelete: users, sample: names })).state;
      s = run(s, click(s, 'closure.deleteUsers', DOMAIN)).state;
      s = run(s, sys(s, { type: 'jobProgress', jobId: jobId(s), cursor: 'opaque', total: users, done: users - 1, failed: 0 })).state;
      return JSON.stringify(s).length;
    };
    // Only the counts' digits differ (seven numbers, the approved set's size twice among them, four more digits each):
    // the approved users themselves are stored beside the closure, never in it.
    expect(sizeFor(100_000) - sizeFor(10)).toBeLessThanOrEqual(7 * 4);
  });

  it('decide is deterministic and never mutates its input', () => {
    const s = Object.freeze(run(undefined, startEvent()).state);
    const event = sys(s, { type: 'inventoryRead', users: 1, subscriptions: 1, applications: 1 });
    expect(decide(s, event, T0)).toEqual(decide(s, event, T0));
  });

  it('every accepted change but job progress carries an audit entry, first', () => {
    let s = run(undefined, startEvent()).state;
    const step = run(s, sys(s, { type: 'inventoryRead', users: 1, subscriptions: 1, applications: 1 }));
    expect(step.commands[0]).toMatchObject({ type: 'audit', entry: { action: 'inventoryRead', detail: { users: 1 }, closureId: s.closureId, tenantId: s.tenantId } });
    s = step.state;
    expect(find(step.commands, 'audit')?.entry.version).toBe(s.version);
  });

  it('cancel stops a running job, ends every offer and tells the owner what was done', () => {
    let s = run(undefined, startEvent()).state;
    s = run(s, sys(s, { type: 'inventoryRead', users: 5, subscriptions: 1, applications: 0 })).state;
    s = run(s, sys(s, { type: 'backupExported', exportId: 'x', rows: 5 })).state;
    s = run(s, click(s, 'closure.acknowledgeBackup')).state;
    s = run(s, sys(s, { ...PREVIEW, toDelete: 4 })).state;
    s = run(s, click(s, 'closure.deleteUsers', DOMAIN)).state;
    s = run(s, sys(s, { type: 'jobProgress', jobId: jobId(s), total: 4, done: 2, failed: 0 })).state;
    const step = run(s, { type: 'cancel', actor: owner });
    expect(step.state).toMatchObject({ status: 'cancelled', job: { status: 'paused', done: 2 } });
    expect(find(step.commands, 'pauseJob')).toEqual({ type: 'pauseJob', jobId: jobId(s) });
    expect(find(step.commands, 'notify')).toMatchObject({ kind: 'closureCancelled', params: { stepId: 'users', stepsDone: 1, usersDeleted: 2 } });
    expect(viewOf(step.state).actions).toEqual([]);
  });

  it('every button on a card carries the current closure id, step and version', () => {
    let s = run(undefined, startEvent()).state;
    s = run(s, sys(s, { type: 'inventoryRead', users: 5, subscriptions: 1, applications: 0 })).state;
    s = run(s, sys(s, { type: 'backupExported', exportId: 'x', rows: 5 })).state;
    const view = viewOf(s);
    for (const action of view.actions) expect(action.data).toEqual({ closureId: s.closureId, stepId: 'prepare', version: s.version });
    expect(view.card).toMatchObject({ titleKey: 'closure.step.prepare.title', bodyKey: 'closure.step.prepare.acknowledge' });
    expect(view.actions[0]).toMatchObject({ labelKey: 'closure.action.acknowledgeBackup', style: 'positive' });
  });
});
