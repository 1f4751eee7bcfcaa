/**
 * Whether a token names this admin: its `tid` and `oid` claims are the principal's tenant and user.
 * Not a signature check (Entra checks the token when it is exchanged on-behalf-of): it keeps a
 * token of one admin or tenant from ever being used as another's, whatever an activity or a token
 * service answer claims. Part of the silent sign-in's contract (a token naming someone else is no
 * sign-in): the token service reader and the Graph adapter's on-behalf-of exchange both check it.
 */
export function assertionNames(token: string, principal: { tenantId: string; userId: string }): boolean {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { tid?: unknown; oid?: unknown };
    return typeof claims.tid === 'string' && typeof claims.oid === 'string' && claims.tid.toLowerCase() === principal.tenantId.toLowerCase() && claims.oid.toLowerCase() === principal.userId.toLowerCase();
  } catch {
    return false;
  }
}
