import { grantAllows, permissionsForRequest } from '../../graph-reference/permissions';
import { denied } from './graph-error';

/**
 * A delegated request is allowed only when the token's scopes allow it per Microsoft's permission
 * data (and the documented table for the paths it lacks), read through graph-reference, never the
 * bot's code. A request neither lists is refused too: the real service would not serve an
 * unlisted request, so a client sending one has a bug. Graph's refusal: 403
 * `Authorization_RequestDenied`, "Insufficient privileges to complete the operation."
 */
export function delegatedAccess(method: string, path: string, scopes: ReadonlySet<string>): void {
  const verdict = verdictFor(method, path, scopes);
  if (verdict === 'allowed') return;
  if (verdict === 'unknown') {
    throw denied(`Insufficient privileges to complete the operation. (Simulator: no permission in Microsoft's data allows ${method} ${path.split('?')[0]}.)`);
  }
  throw denied();
}

/** Whether the scopes allow the request (for rules that depend on a permission, not a refusal). */
export function scopesAllow(method: string, path: string, scopes: ReadonlySet<string>): boolean {
  return verdictFor(method, path, scopes) === 'allowed';
}

const KEY = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[^/]*(?:@|%40)[^/]*)$/i;
const ANY_KEY = '00000000-0000-0000-0000-000000000000';
const verdicts = new Map<string, ReturnType<typeof grantAllows>>();

/**
 * Looking a request up in Microsoft's data scans it whole (milliseconds), so verdicts are kept per
 * method, path shape (object ids and user principal names stand for any key) and grant.
 */
function verdictFor(method: string, path: string, scopes: ReadonlySet<string>): ReturnType<typeof grantAllows> {
  const shape = path
    .split('?')[0]
    .split('/')
    .map((segment) => (KEY.test(segment) ? ANY_KEY : segment))
    .join('/');
  const key = `${method.toUpperCase()} ${shape} ${[...scopes].sort().join(' ')}`;
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    verdict = permissionsForRequest(method, shape, 'DelegatedWork') === undefined ? 'unknown' : grantAllows(method, shape, 'DelegatedWork', scopes);
    if (verdicts.size > 10_000) verdicts.clear();
    verdicts.set(key, verdict);
  }
  return verdict;
}

/** Loads Microsoft's permission data (gunzip and index, a second or so) before any request needs it. */
export function warmUpPermissions(): void {
  permissionsForRequest('GET', '/me', 'DelegatedWork');
}
