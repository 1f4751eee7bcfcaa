import { decode } from 'jsonwebtoken';

/** botbuilder's clock tolerance for `exp` and `nbf`. */
const CLOCK_TOLERANCE_SECONDS = 5 * 60;

/**
 * Why a bearer token cannot be valid whatever the signing keys say, read from its unverified claims;
 * undefined when only a signature check can tell. Used only when no signing key could ever be fetched,
 * to answer such a token 401 rather than 503: it only ever refuses, never accepts.
 *
 * @remarks Mirrors botbuilder's own checks (4.23.3): `exp`/`nbf` with a 5-minute tolerance; a channel
 * token (the channel's issuer) must name this bot in `aud`; any other token (emulator- or skill-shaped)
 * must name it in `appid` (version 1.0) or `azp` (2.0), and botbuilder refuses skill tokens outright.
 */
export function unverifiedRefusal(authHeader: string, expected: { appId: string; channelIssuer: string }, nowSeconds: number): string | undefined {
  const [scheme, token, ...rest] = authHeader.trim().split(/\s+/);
  if (scheme !== 'Bearer' || !token || rest.length > 0) return 'not a bearer token';
  let payload: ReturnType<typeof decode> & object;
  try {
    const decoded = decode(token, { json: true });
    if (!decoded) return 'not a JWT';
    payload = decoded;
  } catch {
    return 'not a JWT';
  }
  if (typeof payload.exp === 'number' && payload.exp + CLOCK_TOLERANCE_SECONDS < nowSeconds) return 'expired';
  if (typeof payload.nbf === 'number' && payload.nbf - CLOCK_TOLERANCE_SECONDS > nowSeconds) return 'not valid yet';
  if (payload.iss === expected.channelIssuer) return payload.aud === expected.appId ? undefined : 'another audience';
  const version: unknown = payload.ver;
  const caller: unknown = !version || version === '1.0' ? payload.appid : version === '2.0' ? payload.azp : undefined;
  return caller === expected.appId && (payload.aud === undefined || payload.aud === expected.appId) ? undefined : 'another audience';
}
