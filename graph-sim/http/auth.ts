import { createHmac, timingSafeEqual } from 'node:crypto';
import { GraphHttpError } from './graph-error';

/**
 * Who is calling: a tenant alone (app-only) or a tenant and a signed-in user (delegated). A
 * delegated caller carries the scopes its token grants (the `scp` claim, or for the static form the
 * tenant's admin-consent grant); app-only callers stand for the bot's application permissions.
 */
export type Caller = { kind: 'app'; tenantId: string; appId: string } | { kind: 'user'; tenantId: string; userId: string; appId: string; scopes: ReadonlySet<string> };

/** The one application every simulator token stands for (the bot); throttling scopes name it. */
export const SIM_APP_ID = '5a1c0de5-b07b-4a9e-8c1e-000000000b07';

/** Microsoft Graph's resource id, the `aud` of its tokens. */
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

/**
 * Static tokens are unsigned and deterministic: `sim.<tenantId>` (app-only) and `sim.<tenantId>.<userId>`
 * (delegated), so a bot configured with the template `sim.{tenantId}.{userId}` works untouched. A
 * static delegated token stands for one Entra would issue at that moment: it grants what the tenant
 * has consented to (its `scp` would say the same).
 */
export function tokenFor(tenantId: string, userId?: string): string {
  return userId ? `sim.${tenantId}.${userId}` : `sim.${tenantId}`;
}

/** What a bearer token says: the tenant, the user (delegated) and, for a JWT, its `scp`. */
export interface Bearer {
  tenantId: string;
  userId?: string;
  /** The `scp` claim of a JWT; undefined for the static form (then the tenant's consent applies). */
  scopes?: string[];
  /** Why the token is not valid (bad signature, expired, not for Graph); undefined when it is. */
  problem?: string;
}

/** Claims of the JWTs the simulator issues (a subset of Entra's access-token claims). */
export interface SimTokenClaims {
  aud: string;
  iss: string;
  tid: string;
  oid?: string;
  appid: string;
  idtyp: 'user' | 'app';
  /** Delegated: the granted scopes, space-separated, as Entra writes them. */
  scp?: string;
  /** App-only: the application permissions (the simulator grants the bot's, see README). */
  roles?: string[];
  iat: number;
  nbf: number;
  exp: number;
}

/** Signs and checks the simulator's JWTs (HS256 with a key that lives as long as the simulator). */
export class TokenAuthority {
  constructor(private readonly key: Buffer) {}

  issue(claims: SimTokenClaims): string {
    const header = b64(JSON.stringify({ typ: 'JWT', alg: 'HS256', kid: 'graph-sim' }));
    const payload = b64(JSON.stringify(claims));
    return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
  }

  /** Whether the signature is this simulator's. */
  verify(token: string): boolean {
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) return false;
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private sign(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }
}

const GUID = /^[0-9a-fA-F-]{36}$/;

/**
 * Parses the Authorization header; undefined when it is missing or neither form. With an authority,
 * a JWT's signature, lifetime and audience are checked (`problem` says what failed); without one
 * (request counting) only its tenant is read.
 */
export function parseBearer(header: string | undefined, authority?: TokenAuthority, nowMs = Date.now()): Bearer | undefined {
  const match = /^Bearer\s+sim\.([0-9a-fA-F-]{36})(?:\.([0-9a-fA-F-]{36}))?\s*$/.exec(header ?? '');
  if (match) return { tenantId: match[1].toLowerCase(), userId: match[2]?.toLowerCase() };
  const jwt = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\s*$/.exec(header ?? '');
  if (!jwt) return undefined;
  let claims: Partial<SimTokenClaims>;
  try {
    claims = JSON.parse(Buffer.from(jwt[1].split('.')[1], 'base64url').toString('utf8')) as Partial<SimTokenClaims>;
  } catch {
    return undefined;
  }
  if (typeof claims.tid !== 'string' || !GUID.test(claims.tid)) return undefined;
  const bearer: Bearer = {
    tenantId: claims.tid.toLowerCase(),
    userId: typeof claims.oid === 'string' && claims.idtyp !== 'app' ? claims.oid.toLowerCase() : undefined,
    // A delegated JWT without `scp` grants nothing; the static form (no JWT) leaves it to the tenant's consent.
    scopes: typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : claims.idtyp === 'user' || claims.oid ? [] : undefined,
  };
  if (!authority) return bearer;
  if (!authority.verify(jwt[1])) return { ...bearer, problem: 'IDX10511: Signature validation failed.' };
  if (claims.aud !== GRAPH_AUDIENCE && claims.aud !== '00000003-0000-0000-c000-000000000000') return { ...bearer, problem: 'Invalid audience.' };
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) return { ...bearer, problem: 'Lifetime validation failed, the token is expired.' };
  return bearer;
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** graph-api.md §9: 401 InvalidAuthenticationToken for a missing, garbled or foreign token. */
export function unauthenticated(reason: string): GraphHttpError {
  return new GraphHttpError(401, 'InvalidAuthenticationToken', reason);
}
