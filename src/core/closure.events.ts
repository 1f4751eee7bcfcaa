import type { GraphErrorInfo } from '../ports/graph-error-info';
import type { ApprovedSetRef } from './closure.approval';
import { CaPolicyFinding } from './closure.mfa';
import { BlockerCounts, Person, TenantFacts } from './closure.state';
import type { RemovalFailure } from './directory-evidence';
import type { SampleUser } from './user-sample';
import { ActInputs, StepId, Verb } from './closure.steps';

export type { ActInputs };

/**
 * Everything that can happen to a closure. User events come from Teams; system events are the
 * results of commands (the runner feeds them back), timers, and the deletion executor.
 */
export type ClosureEvent = UserEvent | SystemEvent;

export type { GraphErrorInfo };

/** Who acted. The caller fills it from the activity and Graph, never from card data. */
export interface Actor extends Person {
  /** Verified through Graph on this very turn: a demoted admin reads false. */
  isGlobalAdmin: boolean;
  /** The activity's tenant. */
  tenantId: string;
}

/** What a card button claims about itself: checked against the state, never trusted. */
export interface CardClaim {
  closureId: string;
  stepId: string;
  version: number;
}

export type UserEvent =
  /**
   * "close account". `closureId` is a fresh id from the caller; `tenant` was read from Graph.
   * `approvers`: the deployment's minimum, or 2 when the admin asked for four eyes (default 1).
   */
  | { type: 'start'; actor: Actor; closureId: string; tenant: TenantFacts; approvers?: 1 | 2 }
  /** "status": changes nothing, only checks the actor may see the closure. */
  | { type: 'status'; actor: Actor }
  /** A card button (Action.Execute). */
  | { type: 'act'; actor: Actor; card: CardClaim; verb: Verb; inputs?: ActInputs }
  /** A second Global Administrator answers a request for a second approval (four eyes), from their own chat. */
  | { type: 'secondApproval'; actor: Actor; requestId: string; decision: 'approve' | 'reject'; reason?: string }
  /** "cancel" from the chat (no card) or from a card. */
  | { type: 'cancel'; actor: Actor; card?: CardClaim }
  /** The owner hands the closure to another Global Admin, verified by the caller like the actor. */
  | { type: 'handover'; actor: Actor; to: Actor; card?: CardClaim };

/** Whether the admin must act before the same command can succeed. */
export function isPermanentError(error: Pick<GraphErrorInfo, 'kind'>): boolean {
  return error.kind !== undefined && error.kind !== 'transient';
}

/** Distributes `closureId` over every system event type so a result can never land on another closure. */
type Sys<T> = T & { closureId: string };

export type SystemEvent = Sys<
  | { type: 'inventoryRead'; users: number; subscriptions: number; applications: number }
  | { type: 'backupExported'; exportId: string; rows: number }
  | {
      type: 'usersPreviewed';
      toDelete: number;
      sample: SampleUser[];
      kept: { id: string; displayName: string };
      recycleBin: number;
      syncedUsers: number;
      /** The listed users' ids as stored: what an approval of this preview deletes. */
      approvedSet: ApprovedSetRef;
    }
  | { type: 'syncDisableRequested' }
  | { type: 'syncChecked'; syncEnabled: boolean }
  | { type: 'jobProgress'; jobId: string; cursor?: string; total: number; done: number; failed: number }
  /** `unapproved`: users the job listed that the approval did not cover (created after it), left in place. */
  | { type: 'jobCompleted'; jobId: string; total: number; done: number; failed: number; failures?: RemovalFailure[]; unapproved?: number }
  | { type: 'jobFailed'; jobId: string; cursor?: string; total: number; done: number; failed: number; error: GraphErrorInfo }
  | { type: 'usersVerified'; remaining: number }
  | { type: 'usersRestored'; restored: number; failed: number }
  | { type: 'subscriptionsRead'; subscriptions: SubscriptionFactEvent[] }
  | {
      type: 'mfaRead';
      usersWithMfa: number;
      usersChecked: number;
      /** Absent in results recorded before it existed: read as 0. */
      usersUnreadable?: number;
      securityDefaultsEnabled: boolean;
      caPolicies: CaPolicyFinding[];
    }
  | { type: 'mfaDisabled'; changed: number; failed: number }
  | { type: 'securityDefaultsDisabled' }
  | { type: 'caPoliciesDisabled'; changed: number; failed: number }
  | ({ type: 'blockersRead' } & BlockerCounts)
  | { type: 'deletedUsersPurged'; removed: number; failed: number; failures?: RemovalFailure[] }
  | { type: 'applicationsDeleted'; removed: number; failed: number; failures?: RemovalFailure[] }
  | { type: 'servicePrincipalsDeleted'; removed: number; failed: number; failures?: RemovalFailure[] }
  /** A timer set by scheduleRecheck fired. */
  | { type: 'recheckDue'; stepId: StepId; attempt: number }
  /** A Graph command (not the deletion job, which reports jobFailed) failed for good. */
  | { type: 'commandFailed'; command: string; error: GraphErrorInfo }
>;

export interface SubscriptionFactEvent {
  id: string;
  skuId?: string;
  skuPartNumber: string;
  status: string;
  nextLifecycleDateTime?: string;
  isTrial: boolean;
  partnerManaged: boolean;
}

export type ResultEvent = Exclude<SystemEvent, { type: 'recheckDue' } | { type: 'commandFailed' }>;

export function isUserEvent(event: ClosureEvent): event is UserEvent {
  return 'actor' in event;
}
