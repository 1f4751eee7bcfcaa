import type { Person } from './closure.person';
import type { ActInputs, StepId, Verb } from './closure.steps';

/**
 * What four eyes keeps in the closure's state (closure.four-eyes.ts decides with it). Apart from the
 * rules so that the state's type can name it without importing the rules that read the state.
 */
export interface SecondApprovalRequest {
  /** Unique per request: a click on an older request's card is refused. */
  id: string;
  verb: Verb;
  stepId: StepId;
  inputs: ActInputs;
  requestedBy: Person;
  requestedAt: string;
  expiresAt: string;
  /** The closure version the request was made at: anything that changed the closure since makes it stale. */
  atVersion: number;
  /**
   * The counts the acting admin saw. Names are not copied: the request goes stale when the step
   * changes, so the sample on the second admin's card is the one the acting admin saw, and the
   * closure document stays within its size limit.
   */
  shown: Record<string, number | boolean>;
}

export interface FourEyes {
  /** 1 or 2, fixed when the closure starts; never lowered. */
  approvers: 1 | 2;
  pendingApproval: SecondApprovalRequest;
  lastSecondApproval: { verb: Verb; by: Person; at: string; requestedBy: Person };
  lastRejection: { verb: Verb; by: Person; at: string; reason: string; requestedBy: Person };
}
