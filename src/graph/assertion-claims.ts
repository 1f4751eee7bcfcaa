import type { GraphPrincipal } from './graph-principal';

/**
 * Whether a token names this admin: its `tid` and `oid` claims are the principal's tenant and user.
 * Not a signature check (Entra checks the token when it is exchanged on-behalf-of): it keeps a
 * token of one admin or tenant from ever being used as another's, whatever an activity or a token
 * service answer claims.
 */
export function assertionNames(token: string, principal: GraphPrincipal): boolean {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { tid?: unknown; oid?: unknown };
    return typeof claims.tid === 'string' && typeof claims.oid === 'string' && claims.tid.toLowerCase() === principal.tenantId.toLowerCase() && claims.oid.toLowerCase() === principal.userId.toLowerCase();
  } catch {
    return false;
  }
}
