import type { GraphErrorInfo } from '../ports/graph-error-info';
import type { JobApproval, UsersApproval } from './closure.approval';
import type { FourEyes } from './closure.four-eyes.state';
import type { CaPolicyFinding } from './closure.mfa';
import type { Person } from './closure.person';
import type { DirectoryEvidence, RemovalFailure } from './directory-evidence';
import { StepId } from './closure.steps';
import type { SampleUser } from './user-sample';

export type { BlockerCounts, DirectoryEvidence } from './directory-evidence';
export type { Person };

/**
 * One closure per tenant, stored under the tenant's key. Its size is bounded whatever the number
 * of users: evidence is counts and timestamps, plus at most SAMPLE_LIMIT names for the preview.
 */
export interface ClosureState extends Partial<FourEyes> {
  closureId: string;
  tenantId: string;
  status: 'active' | 'cancelled' | 'completed';
  /**
   * Increments whenever what a card offers changes: every accepted user action and every change of
   * step, phase or job status. Job progress counts alone do not bump it, so a progress update never
   * invalidates the card the admin is looking at.
   */
  version: number;
  owner: Person;
  /** Another Global Admin of the tenant the owner handed over to; acts as the owner and is the admin kept. */
  delegate?: Person;
  tenant: TenantFacts;
  currentStep: StepId;
  steps: StepStates;
  /** Checkpoint of step 1's background deletion; the executor (issue 5) reports, the core records. */
  job?: JobCheckpoint;
  /** The one live periodic re-check; a recheckDue with another attempt number is a stale timer. */
  recheck?: RecheckInfo;
  startedAt: string;
  updatedAt: string;
  endedAt?: string;
}

export interface TenantFacts {
  displayName: string;
  /** The …onmicrosoft.com domain: what the admin types to approve deletions. */
  initialDomain: string;
  syncEnabled: boolean;
}

export type StepStatus = 'locked' | 'active' | 'waiting' | 'running' | 'done';

/** A command of the current phase that Graph refused; the card then offers a retry. */
export interface StepError extends Pick<GraphErrorInfo, 'kind' | 'request' | 'permission'> {
  command: string;
  code: string;
  message: string;
  httpStatus?: number;
  at: string;
}

export interface StepState<P extends string, E> {
  status: StepStatus;
  phase: P;
  evidence: E;
  error?: StepError;
  startedAt?: string;
  doneAt?: string;
}

export type PreparePhase = 'pending' | 'inventory' | 'exporting' | 'acknowledge' | 'done';
export interface PrepareEvidence {
  users?: number;
  subscriptions?: number;
  applications?: number;
  backupRows?: number;
  backupExportId?: string;
  acknowledgedAt?: string;
}

export type UsersPhase = 'pending' | 'syncOff' | 'syncDisabling' | 'syncWaiting' | 'previewing' | 'approve' | 'deleting' | 'paused' | 'jobFailed' | 'verifying' | 'restoring' | 'done';
export interface UsersEvidence extends Partial<UsersApproval> {
  toDelete?: number;
  /** At most SAMPLE_LIMIT display names, for the preview card. */
  sample?: SampleUser[];
  kept?: { id: string; displayName: string };
  recycleBin?: number;
  syncedUsers?: number;
  previewedAt?: string;
  syncOffRequestedAt?: string;
  syncCheckedAt?: string;
  approvedAt?: string;
  remaining?: number;
  verifiedAt?: string;
  verifyAttempts?: number;
  restored?: number;
  /** The last deletion job's refused accounts (at most 5, with Graph's answer): the card says which and why. */
  deletionFailures?: RemovalFailure[];
  /** How many deletion jobs this closure started: makes job ids unique without randomness. */
  jobsStarted: number;
}

export type SubscriptionsPhase = 'pending' | 'checking' | 'waiting' | 'done';
export interface SubscriptionSummary {
  /** The SKU's GUID, which names the product (absent in closures stored before it was kept). */
  skuId?: string;
  skuPartNumber: string;
  status: string;
  nextLifecycleDateTime?: string;
  isTrial: boolean;
  partnerManaged: boolean;
}
export interface SubscriptionsEvidence {
  total?: number;
  /** Subscriptions that still keep this step open (Enabled for step 2; not Deleted for step 3). */
  open?: number;
  byStatus?: Record<string, number>;
  /** At most SUBSCRIPTION_LIMIT, for the card; the counts above are always complete. */
  items?: SubscriptionSummary[];
  checkedAt?: string;
}

export type MfaPhase = 'pending' | 'reading' | 'review' | 'applying' | 'done';
export interface MfaEvidence {
  usersWithMfa?: number;
  usersChecked?: number;
  usersUnreadable?: number;
  securityDefaultsEnabled?: boolean;
  caPolicies?: CaPolicyFinding[];
  /** The change in flight, so a failure can name it and a retry can repeat it. */
  applying?: { what: 'userMfa' | 'securityDefaults' | 'caPolicies'; ids?: string[] };
  lastChange?: { what: 'userMfa' | 'securityDefaults' | 'caPolicies'; changed: number; failed: number };
  checkedAt?: string;
}

export type DirectoryPhase = 'pending' | 'reading' | 'blocked' | 'removing' | 'confirm' | 'done';
export interface StepStates {
  prepare: StepState<PreparePhase, PrepareEvidence>;
  users: StepState<UsersPhase, UsersEvidence>;
  cancelSubscriptions: StepState<SubscriptionsPhase, SubscriptionsEvidence>;
  deleteSubscriptions: StepState<SubscriptionsPhase, SubscriptionsEvidence>;
  mfa: StepState<MfaPhase, MfaEvidence>;
  directory: StepState<DirectoryPhase, DirectoryEvidence>;
}

export interface JobCheckpoint extends Partial<JobApproval> {
  jobId: string;
  status: 'running' | 'paused' | 'completed' | 'failed';
  /** Opaque to the core: where the executor resumes. */
  cursor?: string;
  total: number;
  done: number;
  failed: number;
  lastError?: { code: string; message: string };
  updatedAt: string;
  runningSince?: string;
  doneAtRunningSince?: number; // when the job last (re)started, and `done` then: the rate's baseline
}

export interface RecheckInfo {
  stepId: StepId;
  attempt: number;
  dueAt: string;
}

export const SAMPLE_LIMIT = 10;
export const SUBSCRIPTION_LIMIT = 20;
export const CA_POLICY_LIMIT = 50;

/** The admin whose account every deletion keeps: the delegate once the owner handed over. */
export function actingAdmin(state: ClosureState): Person {
  return state.delegate ?? state.owner;
}

export function initialSteps(): StepStates {
  return {
    prepare: { status: 'locked', phase: 'pending', evidence: {} },
    users: { status: 'locked', phase: 'pending', evidence: { jobsStarted: 0 } },
    cancelSubscriptions: { status: 'locked', phase: 'pending', evidence: {} },
    deleteSubscriptions: { status: 'locked', phase: 'pending', evidence: {} },
    mfa: { status: 'locked', phase: 'pending', evidence: {} },
    directory: { status: 'locked', phase: 'pending', evidence: {} },
  };
}
