import type { TokenAuthority } from '../auth';

/** Audiences Resource Manager accepts (its own resource ids, with and without the trailing slash). */
export const ARM_AUDIENCES = ['https://management.core.windows.net/', 'https://management.core.windows.net', 'https://management.azure.com/', 'https://management.azure.com'];

/** Azure Service Management's delegated permission (resource appId 797f4846-ba00-4fd7-ba43-dac1f8f63013). */
export const ARM_SCOPE = 'user_impersonation';

/**
 * The static form of an ARM token: `arm.<tenantId>.<userId>`, standing for the token Entra would
 * issue for Resource Manager at that moment (granted only while the tenant consents). Graph's
 * `sim.…` tokens are Graph's: Resource Manager refuses them for their audience.
 */
export function armTokenFor(tenantId: string, userId: string): string {
  return `arm.${tenantId}.${userId}`;
}

export type ArmCaller = { ok: true; tenantId: string; userId: string; static: boolean } | { ok: false; code: string; message: string };

const GUID = '[0-9a-fA-F-]{36}';

/** Who calls Resource Manager, or why the token is refused (ARM's codes and messages). */
export function armCaller(header: string | undefined, tokens: TokenAuthority, nowMs = Date.now()): ArmCaller {
  if (!header) return { ok: false, code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing." };
  const stat = new RegExp(`^Bearer\\s+arm\\.(${GUID})\\.(${GUID})\\s*$`).exec(header);
  if (stat) return { ok: true, tenantId: stat[1].toLowerCase(), userId: stat[2].toLowerCase(), static: true };
  const wrongAudience = (aud: string) => ({
    ok: false as const,
    code: 'InvalidAuthenticationTokenAudience',
    message: `The access token has been obtained for wrong audience or resource '${aud}'. It should exactly match with one of the allowed audiences ${ARM_AUDIENCES.map((a) => `'${a}'`).join(',')}.`,
  });
  if (/^Bearer\s+sim\./.test(header)) return wrongAudience('https://graph.microsoft.com');
  const jwt = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\s*$/.exec(header);
  if (!jwt) return { ok: false, code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' };
  let claims: { aud?: string; tid?: string; oid?: string; scp?: string; exp?: number; idtyp?: string };
  try {
    claims = JSON.parse(Buffer.from(jwt[1].split('.')[1], 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return { ok: false, code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' };
  }
  if (!tokens.verify(jwt[1])) return { ok: false, code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' };
  if (!claims.aud || !ARM_AUDIENCES.includes(claims.aud)) return wrongAudience(claims.aud ?? '');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) return { ok: false, code: 'ExpiredAuthenticationToken', message: 'The access token expiry UTC time is earlier than current UTC time.' };
  if (!claims.tid || !claims.oid || claims.idtyp === 'app') return { ok: false, code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' };
  if (!(claims.scp ?? '').split(' ').includes(ARM_SCOPE)) return { ok: false, code: 'InvalidAuthenticationToken', message: "The access token does not grant the scope 'user_impersonation'." };
  return { ok: true, tenantId: claims.tid.toLowerCase(), userId: claims.oid.toLowerCase(), static: false };
}
