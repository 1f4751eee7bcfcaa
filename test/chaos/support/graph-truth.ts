import { Inspection } from '../../../graph-sim';
import { ClosureState } from '../../../src/core';

/**
 * For every step the closure calls done, what Graph itself must show. Returns the steps whose claim
 * Graph contradicts (empty when the card tells the truth).
 */
export function stepsContradictedByGraph(state: ClosureState, graph: Inspection, adminId: string): string[] {
  const done = (id: keyof ClosureState['steps']) => state.steps[id].status === 'done';
  const wrong: string[] = [];
  if (done('users') && graph.users.some((u) => u.id !== adminId)) wrong.push('users: other users are still active');
  if (done('users') && graph.organization.syncEnabled === true) wrong.push('users: directory sync is still on');
  if (done('cancelSubscriptions') && graph.subscriptions.some((s) => s.status === 'Enabled' || s.status === 'Warning')) wrong.push('cancelSubscriptions: a subscription is still active');
  if (done('deleteSubscriptions') && graph.subscriptions.some((s) => s.status !== 'Deleted')) wrong.push('deleteSubscriptions: a subscription is not deleted');
  const removed = state.steps.directory.evidence.lastRemoval;
  if (removed?.what === 'applications' && removed.failed === 0 && graph.applications.length > 0) wrong.push('directory: applications said removed are still there');
  const mfa = state.steps.mfa.evidence.lastChange;
  if (mfa?.what === 'securityDefaults' && mfa.failed === 0 && graph.securityDefaultsEnabled) wrong.push('mfa: security defaults said off are on');
  return wrong;
}
