/** The pure closure core: steps as data, decide(state, event, now), and the card view. */
export { decide } from './closure.machine';
export type { Decision } from './closure.machine';
export { viewOf } from './closure.view';
export type { ClosureView, ViewAction } from './closure.view';
export { availableVerbs, domainMatches } from './closure.guards';
export { closureError } from './closure.errors';
export type { ClosureError, ClosureErrorCode, ClosureErrorKind } from './closure.errors';
export * from './closure.steps';
export * from './closure.approval';
export { SECOND_APPROVAL_VALID_MS, TENANT_WRITE_VERBS } from './closure.four-eyes';
export type { FourEyes, SecondApprovalRequest } from './closure.four-eyes';
export * from './closure.state';
export type * from './closure.mfa';
export type * from './closure.events';
export { isPermanentError, isUserEvent } from './closure.events';
export type * from './closure.commands';
