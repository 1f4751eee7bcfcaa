import { ClosureState, consentHelps } from '../core';
import { viewOf } from '../steps';
import { CloudProfile } from '../config/clouds';
import { verifyChain } from '../audit/audit-chain';
import { ClosureRepository } from '../runner/closure-repository';
import { fourEyesCard } from './four-eyes-card';
import { ClosureCardContext, ClosureReply } from './replies';

/** What a closure card draws on besides the state: where links point, backup downloads, the audit log. */
export interface ClosureCardSources {
  links: CloudProfile['links'];
  backupLinks?: (tenantId: string, exportId: string) => { json: string; csv: string } | undefined;
  repository: Pick<ClosureRepository, 'audit'>;
  /** Where a tenant's admin grants the bot's permissions: offered when the step's error is missing consent. */
  adminConsentUrl?: (tenantId: string) => string | undefined;
}

/**
 * The one way a closure's current card is built, whether it answers a click or a command, or
 * replaces the admin's card after background work: the card cannot differ by route, so an update
 * in place keeps what the admin still needs (the backup's download buttons, who may approve, and
 * four eyes' open request, wait, approval or rejection).
 * `viewerId` is who will see it: only the owner (or delegate) is offered the step's buttons; another
 * Global Administrator is offered four eyes' Approve and Reject when a request waits for them.
 */
export async function closureCardReply(state: ClosureState, viewerId: string, sources: ClosureCardSources, noticeOf?: ClosureCardContext['notice']): Promise<ClosureReply> {
  const full = viewOf(state);
  const approver = [state.owner.aadObjectId, state.delegate?.aadObjectId].includes(viewerId);
  const stepError = state.steps[state.currentStep].error;
  const fourEyes = fourEyesCard(state, viewerId);
  const view = fourEyes?.actions ? { ...full, actions: fourEyes.actions } : approver ? full : { ...full, actions: [] };
  noticeOf ??= fourEyes?.notice;
  if (!approver && !noticeOf && state.status === 'active') noticeOf = { key: 'closure.viewOnly', params: { ownerName: (state.delegate ?? state.owner).name }, tone: 'warning' };
  const exportId = state.steps.prepare.evidence.backupExportId;
  const offerBackup = state.currentStep === 'prepare' && state.steps.prepare.phase === 'acknowledge' && exportId !== undefined;
  return {
    kind: 'closure',
    view,
    context: {
      links: sources.links,
      notice: noticeOf,
      consentUrl: stepError && consentHelps(stepError) ? sources.adminConsentUrl?.(state.tenantId) : undefined,
      backupLinks: offerBackup ? sources.backupLinks?.(state.tenantId, exportId) : undefined,
      audit: state.status === 'active' ? undefined : await auditSummary(sources, state),
    },
  };
}

/** The audit report a finished closure shows: how many entries, and whether the hash chain holds. */
async function auditSummary(sources: ClosureCardSources, state: ClosureState): Promise<{ entries: number; valid: boolean }> {
  const log = await sources.repository.audit(state.tenantId, state.closureId);
  const entries = log?.entries ?? [];
  return { entries: entries.length, valid: verifyChain(entries).valid };
}
