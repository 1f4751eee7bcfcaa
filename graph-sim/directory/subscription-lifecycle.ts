import { SimSubscription } from './model';

const DAY_MS = 86_400_000;
/**
 * graph-api.md §4.3 (trial timing: Active 30 d, Expired 30 d, Disabled 30 d, then Deprovisioned),
 * with the simulator's mapping of admin-center states to `status` (the §4.3 "likely mapping" ⚠️):
 * Active → Enabled, Expired (grace) → Warning, Disabled / cancelled → Suspended,
 * Deprovisioned → Deleted. A paid subscription with recurring billing renews instead of expiring.
 */
export const EXPIRED_GRACE_DAYS = 30;
export const DISABLED_DAYS = 30;
/** Deleting a disabled subscription in the admin center: Deprovisioned 72 hours later (§4.3). */
export const DELETE_TO_DEPROVISIONED_HOURS = 72;

/** Applies every lifecycle move that is due at `now`, possibly several for a long jump in time. */
export function advanceSubscriptions(subscriptions: SimSubscription[], now: number): void {
  for (const sub of subscriptions) {
    for (let guard = 0; guard < 10 && sub.nextLifecycleDateTime !== null && Date.parse(sub.nextLifecycleDateTime) <= now; guard++) {
      step(sub, Date.parse(sub.nextLifecycleDateTime));
    }
  }
}

function step(sub: SimSubscription, at: number): void {
  const after = (days: number) => new Date(at + days * DAY_MS).toISOString();
  if (sub.markedForDeletion || sub.status === 'Suspended' || sub.status === 'LockedOut') {
    sub.status = 'Deleted';
    sub.nextLifecycleDateTime = null;
    return;
  }
  if (sub.status === 'Enabled' && sub.autoRenew && !sub.isTrial) {
    sub.nextLifecycleDateTime = after(365);
    return;
  }
  if (sub.status === 'Enabled') {
    sub.status = 'Warning';
    sub.nextLifecycleDateTime = after(EXPIRED_GRACE_DAYS);
    return;
  }
  if (sub.status === 'Warning') {
    sub.status = 'Suspended';
    sub.nextLifecycleDateTime = after(DISABLED_DAYS);
    return;
  }
  sub.nextLifecycleDateTime = null;
}
