import { closureError } from '../../core/closure.errors';
import { GraphCommand } from '../../core/closure.commands';
import { actingAdmin, BlockerCounts, ClosureState, DirectoryEvidence } from '../../core/closure.state';
import { Verb } from '../../core/closure.steps';
import { accept, addEvidence, clearRecheck, patchStep, scheduleRecheck, StepModule, StepOutcome } from '../../core/step.module';
import { preview } from '../users/users-preview.rule';
import { anyBlocked, ENTRA_CHECK_IDS, EntraCheckId, entraChecks, readyToDelete, unconfirmed } from './entra-checks.rule';

type Removal = NonNullable<DirectoryEvidence['removing']>;

/** How many refused items a card names (with Graph's reason); the count covers them all. */
const FAILURES_LIMIT = 5;

/** The final confirmation must rest on a blocker report this recent; older evidence asks for "check again". */
export const BLOCKERS_FRESH_MS = 15 * 60_000;

const REMOVAL: Record<Removal, { verb: Verb; command: GraphCommand; result: string }> = {
  deletedUsers: { verb: 'closure.purgeDeletedUsers', command: { type: 'purgeDeletedUsers' }, result: 'deletedUsersPurged' },
  applications: { verb: 'closure.deleteApplications', command: { type: 'deleteApplications' }, result: 'applicationsDeleted' },
  servicePrincipals: { verb: 'closure.deleteServicePrincipals', command: { type: 'deleteServicePrincipals' }, result: 'servicePrincipalsDeleted' },
};

/**
 * Step 5: no API deletes the tenant (graph-api.md §6). The bot reports what would block the Entra
 * pre-check, removes what it can on approval, and, once nothing blocks, takes a typed confirmation
 * that completes the closure; the admin then deletes the tenant in Manage tenants.
 */
export const directoryStep: StepModule = {
  id: 'directory',
  // Each check carries its own link (entraChecks); the step's own link is where the deletion happens.
  links: ['entra.manageTenants'],

  enter(state, now) {
    return read(patchStep(state, 'directory', { startedAt: now }));
  },

  // What still blocks deletion is the admin's to remove (here, or in the admin centers).
  waitingFor: () => 'admin',

  verbs(state) {
    const { phase, evidence } = state.steps.directory;
    const b = evidence.blockers;
    if (!b || (phase !== 'blocked' && phase !== 'confirm')) return [];
    const verbs: Verb[] = phase === 'confirm' ? ['closure.complete'] : [];
    if (b.softDeletedUsers > 0) verbs.push('closure.purgeDeletedUsers');
    if (b.applications > 0) verbs.push('closure.deleteApplications');
    if (b.ownedServicePrincipals > 0) verbs.push('closure.deleteServicePrincipals');
    if (b.remainingUsers > 0) verbs.push('closure.backToUsers');
    verbs.push('closure.checkAgain');
    return verbs;
  },

  act(state, act, now) {
    if (act.verb === 'closure.checkAgain') return accept(state, [{ type: 'readBlockers', keepUserId: actingAdmin(state).aadObjectId }]);
    if (act.verb === 'closure.backToUsers') return backToUsers(state, now);
    if (act.verb === 'closure.complete') {
      const checkedAt = state.steps.directory.evidence.checkedAt;
      if (!checkedAt || Date.parse(now) - Date.parse(checkedAt) > BLOCKERS_FRESH_MS) {
        return { ok: false, error: closureError('blockersOutdated', { checkedAt: checkedAt ?? '' }) };
      }
      return complete(state, act.inputs.confirmedChecks ?? [], act.actor, now);
    }
    const what = (Object.keys(REMOVAL) as Removal[]).find((r) => REMOVAL[r].verb === act.verb) as Removal;
    const next = patchStep(addEvidence(clearRecheck(state), 'directory', { removing: what }), 'directory', { status: 'running', phase: 'removing' });
    return accept(next, [REMOVAL[what].command]);
  },

  onResult(state, event, now) {
    const { phase, evidence } = state.steps.directory;
    if (event.type === 'blockersRead' && (phase === 'reading' || phase === 'blocked' || phase === 'confirm')) {
      const { type: _type, closureId: _closureId, ...blockers } = event;
      const next = addEvidence(state, 'directory', { blockers, checkedAt: now });
      if (!isBlocked(blockers)) return accept(patchStep(clearRecheck(next), 'directory', { status: 'active', phase: 'confirm' }));
      // Deprovisioning and sync-off finish by themselves: keep looking while the admin waits.
      const scheduled = scheduleRecheck(patchStep(next, 'directory', { status: 'waiting', phase: 'blocked' }), 'directory', now);
      return accept(scheduled.state, [scheduled.command]);
    }
    if (phase === 'removing' && evidence.removing && event.type === REMOVAL[evidence.removing].result && 'removed' in event) {
      const lastRemoval = { what: evidence.removing, removed: event.removed, failed: event.failed, ...(event.failures?.length ? { failures: event.failures.slice(0, FAILURES_LIMIT) } : {}) };
      return read(addEvidence(state, 'directory', { removing: undefined, lastRemoval }));
    }
    return undefined;
  },

  awaiting(state) {
    const { phase, evidence } = state.steps.directory;
    if (phase === 'removing' && evidence.removing) return REMOVAL[evidence.removing].command;
    if (phase === 'reading' || phase === 'blocked' || phase === 'confirm') return { type: 'readBlockers', keepUserId: actingAdmin(state).aadObjectId };
    return undefined;
  },

  readFailed(state, command) {
    if (command !== 'readBlockers') return state;
    // The previous report is not current any more: no counts, no "last checked", no final confirmation.
    return addEvidence(state, 'directory', { blockers: undefined, checkedAt: undefined });
  },

  onRecheck(state) {
    if (state.steps.directory.phase !== 'blocked') return undefined;
    return accept(state, [{ type: 'readBlockers', keepUserId: actingAdmin(state).aadObjectId }]);
  },

  // The card lists every check of Entra's "Delete tenant" and says when the tenant is ready to delete.
  viewPart(state) {
    const checks = entraChecks(state.steps.directory.evidence);
    return { entraChecks: checks, readyToDelete: readyToDelete(checks) };
  },
};

/**
 * Whether a check the bot verified blocks the deletion. Soft-deleted users are not a documented
 * blocker (§3.3): they "may block", are offered for purge, and otherwise wait for the admin's word.
 */
export function isBlocked(b: BlockerCounts): boolean {
  return anyBlocked(entraChecks({ blockers: b }));
}

/**
 * The final confirmation records, as the admin's, each check they ticked on the card: every check
 * the bot cannot see (or that may block) must be ticked, and only those. A tick for anything else (a
 * verified check, an unknown id: forged card data) refuses the whole click and changes nothing.
 */
function complete(state: ClosureState, ticked: string[], actor: { aadObjectId: string; name: string }, now: string): StepOutcome {
  const checks = entraChecks(state.steps.directory.evidence);
  const open = unconfirmed(checks);
  const foreign = ticked.filter((id) => !open.includes(id as EntraCheckId));
  if (foreign.length > 0) return { ok: false, error: closureError('checkNotConfirmable', { checks: foreign.slice(0, ENTRA_CHECK_IDS.length).join(', ') }) };
  const missing = open.filter((id) => !ticked.includes(id));
  if (missing.length > 0) return { ok: false, error: closureError('checksUnconfirmed', { checks: missing.join(', ') }) };
  const evidence = state.steps.directory.evidence;
  const by = { aadObjectId: actor.aadObjectId, name: actor.name };
  const confirmations = { ...evidence.confirmations, ...Object.fromEntries(open.map((id) => [id, { by, at: now }])) };
  return accept(addEvidence(state, 'directory', { confirmations }), [], true);
}

/**
 * Users appeared (or came back) after step 1: step 1 again, from a fresh preview and a new typed
 * approval. The later steps then re-verify on the way back here; what they found stays as evidence.
 */
function backToUsers(state: ClosureState, now: string): StepOutcome {
  const cleared = clearRecheck(state);
  const next: ClosureState = {
    ...cleared,
    currentStep: 'users',
    steps: {
      ...cleared.steps,
      users: { ...cleared.steps.users, startedAt: now, doneAt: undefined, error: undefined },
      directory: { status: 'locked', phase: 'pending', evidence: {} },
    },
  };
  return preview(next);
}

function read(state: ClosureState): StepOutcome {
  const next = patchStep(state, 'directory', { status: 'running', phase: 'reading' });
  return accept(next, [{ type: 'readBlockers', keepUserId: actingAdmin(state).aadObjectId }]);
}
