import type { ApprovedSetRef } from './closure.approval';
import { StepId } from './closure.steps';

/**
 * What the runner must do after a decision, as data. The runner persists the new state first
 * (write-ahead), then executes these in order and feeds each result back as a system event.
 */
export type ClosureCommand = GraphCommand | ScheduleRecheck | Notify | Audit;

export type GraphCommand =
  | { type: 'readInventory' }
  | { type: 'exportBackup'; exportId: string }
  /** Lists every user but `keepUserId` and stores their ids as the approved set `setId` (outside the closure). */
  | { type: 'previewUsers'; keepUserId: string; setId: string }
  | { type: 'disableSync' }
  | { type: 'readSync' }
  /** Starts or resumes (from `cursor`) the background deletion of the approved users, never `keepUserId`. */
  | { type: 'startUserDeletion'; jobId: string; keepUserId: string; approvedSet?: ApprovedSetRef; cursor?: string }
  | { type: 'pauseJob'; jobId: string }
  | { type: 'verifyUsers'; keepUserId: string }
  | { type: 'restoreUsers' }
  | { type: 'readSubscriptions' }
  | { type: 'readMfa'; keepUserId: string }
  | { type: 'disableUserMfa'; keepUserId: string }
  | { type: 'disableSecurityDefaults' }
  | { type: 'disableCaPolicies'; ids: string[] }
  | { type: 'readBlockers'; keepUserId: string }
  | { type: 'purgeDeletedUsers' }
  | { type: 'deleteApplications' }
  | { type: 'deleteServicePrincipals' };

export type GraphCommandType = GraphCommand['type'];

/** Set a timer; when it fires, send `recheckDue { stepId, attempt }`. Later attempts supersede earlier ones. */
export interface ScheduleRecheck {
  type: 'scheduleRecheck';
  stepId: StepId;
  afterMs: number;
  attempt: number;
}

export type NotifyKind =
  | 'stepCompleted'
  | 'stepUnblocked'
  | 'jobCompleted'
  /** The deletion finished but accounts are still there: the follow-up of "I am now checking the result". */
  | 'usersRemain'
  | 'jobFailed'
  | 'closureCancelled'
  | 'closureCompleted'
  /** Four eyes: to the tenant's other Global Administrators the bot can reach, not to the acting admin. */
  | 'secondApprovalAsked'
  | 'secondApprovalGiven'
  | 'secondApprovalRejected';

/** A proactive message to the owner (and delegate). A failed notification must never stop the closure. */
export interface Notify {
  type: 'notify';
  kind: NotifyKind;
  params: Record<string, string | number>;
}

/** One entry for the tenant's audit log; the runner adds the hash chain and stores it. */
export interface Audit {
  type: 'audit';
  entry: AuditEntry;
}

export interface AuditEntry {
  at: string;
  closureId: string;
  tenantId: string;
  /** A user event type or verb ('start', 'closure.deleteUsers', …) or a system event type. */
  action: string;
  stepId: string;
  /** Absent for system events. */
  actor?: { aadObjectId: string; name: string };
  /** The closure version the action was accepted at. */
  version: number;
  /** What Graph answered (counts, codes), or the approval's inputs. Never per-user lists. */
  detail: Record<string, string | number | boolean>;
}
