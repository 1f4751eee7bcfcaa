/**
 * Why decide() refused an event. Refusals are values, never throws, and never change state.
 * The hosting layer translates `key` with `params`; nothing here is English for the admin.
 */
export type ClosureErrorCode =
  | 'notGlobalAdmin'
  | 'wrongTenant'
  | 'foreignClosure'
  | 'staleCard'
  | 'wrongStep'
  | 'notOwner'
  | 'closureCancelled'
  | 'closureCompleted'
  | 'domainMismatch'
  | 'actionUnavailable'
  | 'closureAlreadyRunning'
  | 'noClosure'
  | 'invalidHandover'
  | 'blockersOutdated'
  | 'checksUnconfirmed'
  | 'checkNotConfirmable'
  | 'selfApproval'
  | 'approvalStale'
  | 'approvalExpired'
  | 'unexpectedEvent'
  | 'staleJobEvent'
  | 'staleRecheck';

export type ClosureErrorKind = 'user' | 'system';

export interface ClosureError {
  /** Stable: tests, logs and telemetry branch on it. */
  code: ClosureErrorCode;
  /** 'user': the admin can do something about it; 'system': the runner fed an event that no longer applies. */
  kind: ClosureErrorKind;
  /** i18n key, always `closure.error.<code>`. */
  key: string;
  /** Only ids, names of the closure's own people, and numbers: never tokens or Graph payloads. */
  params: Record<string, string | number>;
}

const KIND: Record<ClosureErrorCode, ClosureErrorKind> = {
  notGlobalAdmin: 'user',
  wrongTenant: 'user',
  foreignClosure: 'user',
  staleCard: 'user',
  wrongStep: 'user',
  notOwner: 'user',
  closureCancelled: 'user',
  closureCompleted: 'user',
  domainMismatch: 'user',
  actionUnavailable: 'user',
  closureAlreadyRunning: 'user',
  noClosure: 'user',
  invalidHandover: 'user',
  blockersOutdated: 'user',
  checksUnconfirmed: 'user',
  checkNotConfirmable: 'user',
  selfApproval: 'user',
  approvalStale: 'user',
  approvalExpired: 'user',
  unexpectedEvent: 'system',
  staleJobEvent: 'system',
  staleRecheck: 'system',
};

export function closureError(code: ClosureErrorCode, params: Record<string, string | number> = {}): ClosureError {
  return { code, kind: KIND[code], key: `closure.error.${code}`, params };
}
