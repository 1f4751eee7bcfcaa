import { GraphHttpError } from './graph-error';

/** Who is calling: a tenant alone (app-only) or a tenant and a signed-in user (delegated). */
export type Caller = { kind: 'app'; tenantId: string; appId: string } | { kind: 'user'; tenantId: string; userId: string; appId: string };

/** The one application every simulator token stands for (the bot); throttling scopes name it. */
export const SIM_APP_ID = '5a1c0de5-b07b-4a9e-8c1e-000000000b07';

/**
 * Tokens are unsigned and deterministic: `sim.<tenantId>` (app-only) and `sim.<tenantId>.<userId>`
 * (delegated), so a bot configured with the template `sim.{tenantId}.{userId}` works untouched.
 */
export function tokenFor(tenantId: string, userId?: string): string {
  return userId ? `sim.${tenantId}.${userId}` : `sim.${tenantId}`;
}

/** Parses the Authorization header; undefined when it is missing or not a simulator token. */
export function parseBearer(header: string | undefined): { tenantId: string; userId?: string } | undefined {
  const match = /^Bearer\s+sim\.([0-9a-fA-F-]{36})(?:\.([0-9a-fA-F-]{36}))?\s*$/.exec(header ?? '');
  if (!match) return undefined;
  return { tenantId: match[1].toLowerCase(), userId: match[2]?.toLowerCase() };
}

/** graph-api.md §9: 401 InvalidAuthenticationToken for a missing, garbled or foreign token. */
export function unauthenticated(reason: string): GraphHttpError {
  return new GraphHttpError(401, 'InvalidAuthenticationToken', reason);
}
