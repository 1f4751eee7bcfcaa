import { declaredGraphScopes } from '../../graph-reference/declared-scopes';
import { permissionsForRequest } from '../../graph-reference/permissions';
import { GraphFailure } from './graph-failure';

/**
 * What the bot really knows about a refused request (401/403), never a guess: which permissions
 * Microsoft's data says allow it, which of them the app declares, and, when the token carried
 * delegated scopes, which of them it held.
 * - `scopeMissing`: the token held none of them: `permission` is the one to grant (the declared
 *   allowing one, least-privileged first), through admin consent;
 * - `roleMissing`: the token held one (`permission`): the scope is there, so the admin's account
 *   lacks a role (or a documented condition) the request needs;
 * - `scopesUnknown`: the token carried no `scp` (static or app-only token): only the allowing and
 *   declared permissions can be named;
 * - `unlisted`: neither Microsoft's data nor the documented table lists the request.
 */
export interface PermissionFinding {
  verdict: 'scopeMissing' | 'roleMissing' | 'scopesUnknown' | 'unlisted';
  /** `GET /users/$count` */
  request: string;
  /** Permissions that allow the request, least-privileged first. */
  allowedBy: string[];
  /** Those of `allowedBy` the app registration declares (aad.manifest.json). */
  declaredAllowing: string[];
  /** The permission to grant (scopeMissing) or the one the token held (roleMissing). */
  permission?: string;
  /** Documented extra conditions of the request, in Microsoft's words (e.g. admin-role holders). */
  notes?: string;
}

let declared: string[] | undefined;

/** The delegated Graph scopes the app registration declares. */
export function declaredScopes(): string[] {
  declared ??= declaredGraphScopes();
  return declared;
}

export function permissionFinding(failure: GraphFailure, declaredList: readonly string[] = declaredScopes()): PermissionFinding | undefined {
  // A 401 is the token refused, not a permission: nothing to look up.
  if (!failure.request || failure.kind !== 'permission' || failure.status !== 403) return undefined;
  const { method, path } = failure.request;
  const request = `${method} ${path}`;
  const known = permissionsForRequest(method, path, 'DelegatedWork');
  if (!known) return { verdict: 'unlisted', request, allowedBy: [], declaredAllowing: [] };
  const ordered = [...known.allowedBy].sort((a, b) => Number(b.least) - Number(a.least) || a.name.localeCompare(b.name));
  const allowedBy = ordered.map((p) => p.name);
  const declaredAllowing = allowedBy.filter((name) => declaredList.includes(name));
  const base = { request, allowedBy, declaredAllowing, ...(known.notes ? { notes: known.notes } : {}) };
  const scopes = failure.tokenScopes;
  if (!scopes) return { verdict: 'scopesUnknown', ...base };
  const holds = (name: string) => scopes.some((s) => s.toLowerCase() === name.toLowerCase());
  // A permission allows the request only together with what Microsoft's data says it also requires.
  const held = ordered.find((p) => holds(p.name) && p.alsoRequires.every(holds));
  if (held) return { verdict: 'roleMissing', permission: held.name, ...base };
  const grantable = ordered.find((p) => declaredList.includes(p.name) && p.alsoRequires.every((r) => declaredList.includes(r)));
  const permission = grantable ? [grantable.name, ...grantable.alsoRequires].find((name) => !holds(name)) : allowedBy[0];
  return { verdict: 'scopeMissing', permission, ...base };
}
