import { viewOf } from '../../../src/steps';
import { deleting, click, jobId, run, sys } from '../../support/closure-fixtures';
import { DENIED, THROTTLED } from '../../support/failed-reads';

describe('the deletion job stopped by a permanent failure', () => {
  it('keeps the failure as the step error, so the card says what to do before resuming; resuming clears it', () => {
    const s = deleting();
    const failed = run(s, sys(s, { type: 'jobFailed', jobId: jobId(s), total: 10, done: 3, failed: 0, error: { ...DENIED, request: 'DELETE /users/u4' } })).state;
    expect(failed.steps.users).toMatchObject({ phase: 'jobFailed', error: { command: 'startUserDeletion', kind: 'permission', request: 'DELETE /users/u4' } });
    expect(viewOf(failed).card.error).toMatchObject({ kind: 'permission' });
    const resumed = run(failed, click(failed, 'closure.resumeJob')).state;
    expect(resumed.steps.users.error).toBeUndefined();
  });

  it('a transient failure (after the job’s own retries) is only the job’s last error, as before', () => {
    const s = deleting();
    const failed = run(s, sys(s, { type: 'jobFailed', jobId: jobId(s), total: 10, done: 3, failed: 0, error: THROTTLED })).state;
    expect(failed.steps.users.error).toBeUndefined();
    expect(failed.job?.lastError).toEqual({ code: 'TooManyRequests', message: 'Please retry again later.' });
  });
});
