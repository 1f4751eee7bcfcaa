import { GraphCommand } from '../../core/closure.commands';
import { CaPolicyFinding } from '../../core/closure.mfa';
import { actingAdmin, CA_POLICY_LIMIT, ClosureState, MfaEvidence } from '../../core/closure.state';
import { Verb } from '../../core/closure.steps';
import { accept, addEvidence, patchStep, StepModule, StepOutcome } from '../../core/step.module';

type Change = NonNullable<MfaEvidence['applying']>;

/**
 * Step 4: per-user MFA off for every remaining account but the acting admin (beta API, §5.1).
 * Security defaults and Conditional Access policies are reported and may be turned off on approval;
 * they do not block tenant deletion (§5.2, §5.3), so the admin may continue past them.
 */
export const mfaStep: StepModule = {
  id: 'mfa',
  links: ['entra.perUserMfa'],

  enter(state, now) {
    return read(patchStep(state, 'mfa', { startedAt: now }));
  },

  verbs(state) {
    const { phase, evidence } = state.steps.mfa;
    if (phase !== 'review') return [];
    const verbs: Verb[] = [];
    if ((evidence.usersWithMfa ?? 0) > 0) verbs.push('closure.disableUserMfa');
    if (evidence.securityDefaultsEnabled) verbs.push('closure.disableSecurityDefaults');
    if (enforcedPolicies(evidence).length > 0) verbs.push('closure.disableCaPolicies');
    // Only a count that was read: an unknown one never lets the step end.
    if (evidence.usersWithMfa === 0) verbs.push('closure.continue');
    return verbs;
  },

  act(state, act) {
    if (act.verb === 'closure.continue') return accept(state, [], true);
    if (act.verb === 'closure.disableUserMfa') return apply(state, { what: 'userMfa' });
    if (act.verb === 'closure.disableSecurityDefaults') return apply(state, { what: 'securityDefaults' });
    const known = enforcedPolicies(state.steps.mfa.evidence).map((p) => p.id);
    // Only enforced policies the read reported can be named: a card cannot smuggle in other ids,
    // nor have a report-only policy (which enforces nothing) changed.
    const ids = act.inputs.policyIds ? act.inputs.policyIds.filter((id) => known.includes(id)) : known;
    return apply(state, { what: 'caPolicies', ids: ids.length > 0 ? ids : known });
  },

  onResult(state, event, now) {
    const { phase, evidence } = state.steps.mfa;
    if (event.type === 'mfaRead' && phase === 'reading') {
      const caPolicies = event.caPolicies.slice(0, CA_POLICY_LIMIT);
      const next = addEvidence(state, 'mfa', {
        usersWithMfa: event.usersWithMfa,
        usersChecked: event.usersChecked,
        usersUnreadable: event.usersUnreadable ?? 0,
        securityDefaultsEnabled: event.securityDefaultsEnabled,
        caPolicies,
        checkedAt: now,
      });
      // Report-only policies are listed (named on the card) but ask nothing of the admin. An account
      // whose MFA could not be read is unknown, not "off": the admin reviews it.
      const nothingLeft = event.usersWithMfa === 0 && (event.usersUnreadable ?? 0) === 0 && !event.securityDefaultsEnabled && caPolicies.length === 0;
      if (nothingLeft) return accept(next, [], true);
      return accept(patchStep(next, 'mfa', { status: 'active', phase: 'review' }));
    }
    if (phase !== 'applying' || !evidence.applying) return undefined;
    const what = evidence.applying.what;
    if (event.type === 'mfaDisabled' && what === 'userMfa') return changed(state, what, event.changed, event.failed);
    if (event.type === 'securityDefaultsDisabled' && what === 'securityDefaults') return changed(state, what, 1, 0);
    if (event.type === 'caPoliciesDisabled' && what === 'caPolicies') return changed(state, what, event.changed, event.failed);
    return undefined;
  },

  awaiting(state) {
    const { phase, evidence } = state.steps.mfa;
    if (phase === 'reading') return { type: 'readMfa', keepUserId: actingAdmin(state).aadObjectId };
    if (phase === 'applying' && evidence.applying) return commandFor(state, evidence.applying);
    return undefined;
  },

  readFailed(state, command) {
    if (command !== 'readMfa') return state;
    return addEvidence(state, 'mfa', { usersWithMfa: undefined, usersChecked: undefined, securityDefaultsEnabled: undefined, caPolicies: undefined, checkedAt: undefined });
  },

  onRecheck() {
    return undefined;
  },
};

/** Policies that enforce MFA now: the ones the bot offers to turn off. */
export function enforcedPolicies(evidence: MfaEvidence): CaPolicyFinding[] {
  return (evidence.caPolicies ?? []).filter((p) => p.state === 'enabled');
}

function read(state: ClosureState): StepOutcome {
  const next = patchStep(state, 'mfa', { status: 'running', phase: 'reading' });
  return accept(next, [{ type: 'readMfa', keepUserId: actingAdmin(state).aadObjectId }]);
}

function apply(state: ClosureState, change: Change): StepOutcome {
  const next = patchStep(addEvidence(state, 'mfa', { applying: change }), 'mfa', { status: 'running', phase: 'applying' });
  return accept(next, [commandFor(state, change)]);
}

/** Every change is verified by reading the MFA report again. */
function changed(state: ClosureState, what: Change['what'], count: number, failed: number): StepOutcome {
  return read(addEvidence(state, 'mfa', { applying: undefined, lastChange: { what, changed: count, failed } }));
}

function commandFor(state: ClosureState, change: Change): GraphCommand {
  if (change.what === 'userMfa') return { type: 'disableUserMfa', keepUserId: actingAdmin(state).aadObjectId };
  if (change.what === 'securityDefaults') return { type: 'disableSecurityDefaults' };
  return { type: 'disableCaPolicies', ids: change.ids ?? [] };
}
