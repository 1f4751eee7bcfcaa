/**
 * The pure closure core: steps as data, the machine (decide(state, event, now), the card view) over a
 * registry of steps it receives. src/steps/index.ts binds the two: callers import decide and viewOf there.
 */
export { closureMachine } from './closure.machine';
export type { ClosureMachine, Decision } from './closure.machine';
export type { ClosureView, ViewAction } from './closure.view';
export { domainMatches } from './closure.guards';
export { closureError } from './closure.errors';
export type { ClosureError, ClosureErrorCode, ClosureErrorKind } from './closure.errors';
export * from './closure.steps';
export * from './closure.approval';
export { normalizeReason, REASON_LIMIT, SECOND_APPROVAL_VALID_MS, TENANT_WRITE_VERBS } from './closure.four-eyes';
export type { FourEyes, SecondApprovalRequest } from './closure.four-eyes';
export * from './closure.state';
export type * from './directory-evidence';
export { ENTRA_CHECK_IDS } from './entra-check-ids';
export type { CheckConfirmation, EntraCheckId } from './entra-check-ids';
export type * from './entra-check';
export type * from './user-sample';
export type * from './closure.mfa';
export type * from './closure.events';
export { isPermanentError, isUserEvent } from './closure.events';
export { consentHelps } from './consent-helps';
export type * from './closure.commands';
