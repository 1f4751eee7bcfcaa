import { viewOf } from '../../../src/steps';
import { at, atConfirm, atDirectory, click, find, run, sys } from '../../support/closure-fixtures';
import { DENIED, verbs } from '../../support/failed-reads';

describe('a read that failed is unknown, never the previous answer and never "nothing left"', () => {
  it('step 5: a 403 while re-checking drops the old counts and "last checked", stops the final confirmation, and says what failed', () => {
    let s = atConfirm();
    expect(verbs(s)).toContain('closure.complete');
    s = run(s, click(s, 'closure.checkAgain'), at(5)).state;
    const step = run(s, sys(s, { type: 'commandFailed', command: 'readBlockers', error: DENIED }), at(6));
    const directory = step.state.steps.directory;
    expect(directory.evidence.blockers).toBeUndefined();
    expect(directory.evidence.checkedAt).toBeUndefined();
    expect(directory.status).toBe('active');
    expect(directory.error).toMatchObject({ kind: 'permission', request: 'GET /applications', permission: { verdict: 'scopeMissing', name: 'Application.ReadWrite.All' } });
    expect(verbs(step.state)).toEqual(['closure.retry', 'closure.cancel']);
    expect(viewOf(step.state).card.error).toMatchObject({ kind: 'permission', request: 'GET /applications' });
  });

  it('step 5 waiting on blockers: a permanent failure stops the periodic re-check (it would fail the same way) and offers a retry', () => {
    const s = atDirectory();
    const blocked = run(s, sys(s, { type: 'blockersRead', remainingUsers: 0, softDeletedUsers: 0, subscriptionsNotDeprovisioned: 1, applications: 0, ownedServicePrincipals: 0, syncEnabled: false })).state;
    expect(blocked.steps.directory.status).toBe('waiting');
    expect(blocked.recheck).toBeDefined();
    const step = run(blocked, sys(blocked, { type: 'commandFailed', command: 'readBlockers', error: DENIED }), at(1));
    expect(step.state.steps.directory.status).toBe('active');
    expect(step.state.recheck).toBeUndefined();
    expect(find(step.commands, 'scheduleRecheck')).toBeUndefined();
    expect(verbs(step.state)).toContain('closure.retry');
  });
});
