import { actingAdmin, ClosureState } from '../../core/closure.state';
import { accept, addEvidence, patchStep, StepOutcome } from '../../core/step.module';

/**
 * Lists the users afresh and stores them as a new approved set: only what this preview shows can be
 * approved and deleted. Each preview has its own set id, so a late result of an earlier one is refused.
 */
export function preview(state: ClosureState): StepOutcome {
  const previewsTaken = (state.steps.users.evidence.previewsTaken ?? 0) + 1;
  const counted = addEvidence(state, 'users', { previewsTaken });
  const next = patchStep(counted, 'users', { status: 'running', phase: 'previewing' });
  return accept(next, [{ type: 'previewUsers', keepUserId: actingAdmin(state).aadObjectId, setId: approvedSetId(next) }]);
}

/** The id of the set the current preview stores. */
export function approvedSetId(state: ClosureState): string {
  return `${state.closureId}.users.${state.steps.users.evidence.previewsTaken ?? 0}`;
}
