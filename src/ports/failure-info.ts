import type { GraphErrorInfo } from '../ports/graph-error-info';
import { GraphFailure } from './graph-failure';
import { permissionFinding } from './permission-finding';

/**
 * A failure as the closure records it and the cards explain it: Graph's status and code, how it
 * was classified, the request Graph refused, and for a refused permission what Microsoft's data
 * says about it. Graph's own message only for a request Graph refused (400 and the like: its
 * reason), and never the token.
 */
export function errorInfoOf(error: unknown): GraphErrorInfo {
  const failure = GraphFailure.from(error);
  const finding = permissionFinding(failure);
  return {
    code: failure.code,
    message: failure.message.slice(0, 300),
    httpStatus: failure.status,
    kind: failure.kind,
    ...(failure.request ? { request: `${failure.request.method} ${failure.request.path}` } : {}),
    ...(finding
      ? { permission: { verdict: finding.verdict, ...(finding.permission ? { name: finding.permission } : {}), allowedBy: finding.allowedBy.slice(0, 8), declaredAllowing: finding.declaredAllowing.slice(0, 8) } }
      : {}),
  };
}
