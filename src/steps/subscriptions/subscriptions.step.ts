import { SubscriptionFactEvent } from '../../core/closure.events';
import { ClosureState, SUBSCRIPTION_LIMIT } from '../../core/closure.state';
import { accept, addEvidence, clearRecheck, patchStep, scheduleRecheck, StepModule } from '../../core/step.module';

type SubscriptionStepId = 'cancelSubscriptions' | 'deleteSubscriptions';

/**
 * Steps 2 and 3 are manual: Graph cannot cancel or delete a subscription (graph-api.md §4.4). The
 * admin acts in the admin center; the step reads /directory/subscriptions on "check again" and on
 * a backed-off timer until no subscription keeps it open.
 */
function subscriptionsStep(id: SubscriptionStepId, keepsOpen: (s: SubscriptionFactEvent) => boolean): StepModule {
  const step: StepModule = {
    id,
    links: ['adminCenter.yourProducts'],

    enter(state, now) {
      return accept(patchStep(state, id, { status: 'running', phase: 'checking', startedAt: now }), [{ type: 'readSubscriptions' }]);
    },

    verbs(state) {
      return state.steps[id].phase === 'waiting' ? ['closure.checkAgain'] : [];
    },

    // Only the admin can cancel or delete a subscription, in the admin center.
    waitingFor: () => 'admin',

    act(state) {
      // Only "check again" is offered: read now; the answer decides like a timer's would.
      return accept(state, [{ type: 'readSubscriptions' }]);
    },

    onResult(state, event, now) {
      const phase = state.steps[id].phase;
      if (event.type !== 'subscriptionsRead' || (phase !== 'checking' && phase !== 'waiting')) return undefined;
      const open = event.subscriptions.filter(keepsOpen).length;
      const next = addEvidence(state, id, {
        total: event.subscriptions.length,
        open,
        byStatus: countByStatus(event.subscriptions),
        items: event.subscriptions.slice(0, SUBSCRIPTION_LIMIT).map(({ id: _id, ...summary }) => summary),
        checkedAt: now,
      });
      if (open === 0) return accept(clearRecheck(next), [], true);
      const scheduled = scheduleRecheck(patchStep(next, id, { status: 'waiting', phase: 'waiting' }), id, now);
      return accept(scheduled.state, [scheduled.command]);
    },

    awaiting(state) {
      const phase = state.steps[id].phase;
      return phase === 'checking' || phase === 'waiting' ? { type: 'readSubscriptions' } : undefined;
    },

    readFailed(state: ClosureState, command) {
      if (command !== 'readSubscriptions') return state;
      return addEvidence(state, id, { total: undefined, open: undefined, byStatus: undefined, items: undefined, checkedAt: undefined });
    },

    onRecheck(state: ClosureState) {
      return state.steps[id].phase === 'waiting' ? accept(state, [{ type: 'readSubscriptions' }]) : undefined;
    },
  };
  return step;
}

function countByStatus(subscriptions: SubscriptionFactEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of subscriptions) counts[s.status] = (counts[s.status] ?? 0) + 1;
  return counts;
}

/** Step 2: satisfied when no subscription is still active (status Enabled). */
export const cancelSubscriptionsStep = subscriptionsStep('cancelSubscriptions', (s) => s.status === 'Enabled');

/** Step 3: satisfied when every subscription is Deleted (deprovisioned) or gone from the list. */
export const deleteSubscriptionsStep = subscriptionsStep('deleteSubscriptions', (s) => s.status !== 'Deleted');
