import { actingAdmin, ClosureState, ViewAction } from '../core';
import type { ClosureCardContext } from './replies';

/**
 * What four eyes adds to the closure card, by who looks. Another Global Administrator sees the open
 * request (who asks, and the step's facts exactly as the acting admin saw them: the request goes
 * stale when they change) with Approve and Reject. The acting admin sees that the request waits, or
 * who gave the second approval and when, or who rejected it and why.
 */
export function fourEyesCard(state: ClosureState, viewerId: string): { notice?: ClosureCardContext['notice']; actions?: ViewAction[] } | undefined {
  if (state.status !== 'active' || state.approvers !== 2) return undefined;
  const request = state.pendingApproval;
  const acting = actingAdmin(state).aadObjectId === viewerId || request?.requestedBy.aadObjectId === viewerId;
  if (request && !acting) {
    const data = { closureId: state.closureId, stepId: request.stepId, version: request.atVersion };
    return {
      notice: { key: 'closure.fourEyes.asked', params: { requesterName: request.requestedBy.name, requestedAt: request.requestedAt, expiresAt: request.expiresAt }, tone: 'warning' },
      // The approve button says what it does: the acting admin's own action.
      actions: [
        { verb: 'closure.secondApprove', labelKey: `closure.action.${request.verb.slice('closure.'.length)}`, style: 'destructive', data },
        { verb: 'closure.secondReject', labelKey: 'closure.action.secondReject', style: 'default', data },
      ],
    };
  }
  if (request) return { notice: { key: 'closure.fourEyes.waiting', params: { requestedAt: request.requestedAt, expiresAt: request.expiresAt }, tone: 'warning' } };
  const rejection = state.lastRejection;
  if (rejection) return { notice: { key: 'closure.fourEyes.rejected', params: { approverName: rejection.by.name, at: rejection.at }, tone: 'attention', quote: rejection.reason || '—' } };
  const approval = state.lastSecondApproval;
  if (approval) return { notice: { key: 'closure.fourEyes.approved', params: { approverName: approval.by.name, at: approval.at }, tone: 'good' } };
  return undefined;
}
