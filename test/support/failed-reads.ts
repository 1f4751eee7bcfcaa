import { viewOf } from '../../src/steps';
import type { GraphErrorInfo } from '../../src/core';

/** Shared by the steps' tests of a failed read: Graph's answers, and the verbs a card offers. */

// "Restore deleted users" stays offered after step 1 on every card; beside the point here.
export const verbs = (s: Parameters<typeof viewOf>[0]) =>
  viewOf(s)
    .actions.map((a) => a.verb)
    .filter((v) => v !== 'closure.restoreUsers');

export const DENIED: GraphErrorInfo = {
  code: 'Authorization_RequestDenied',
  message: 'Insufficient privileges to complete the operation.',
  httpStatus: 403,
  kind: 'permission',
  request: 'GET /applications',
  permission: { verdict: 'scopeMissing', name: 'Application.ReadWrite.All', allowedBy: ['Application.Read.All', 'Application.ReadWrite.All'], declaredAllowing: ['Application.ReadWrite.All'] },
};
export const THROTTLED: GraphErrorInfo = { code: 'TooManyRequests', message: 'Please retry again later.', httpStatus: 429, kind: 'transient', request: 'GET /users/$count' };
