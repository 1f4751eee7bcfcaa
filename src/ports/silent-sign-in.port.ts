/**
 * An admin's Teams sign-in found without a turn from them: with GRAPH_AUTH=sso, background work
 * (the deletion job, re-checks) after a restart or on another instance has no sign-in in memory.
 * The Bot Framework token service keeps the admin's token for the bot's OAuth connection after a
 * sign-in; this asks it for that token.
 *
 * @remarks
 * - The token is the same kind a turn's Teams SSO gives (a token for the bot's own API), to be
 *   exchanged on-behalf-of. It is never stored nor logged by anyone.
 * - `undefined` when there is no usable token: no stored conversation for the admin, no token
 *   (signed out, never signed in), or one naming someone else; the admin is then asked to sign in.
 * - Throws when it could not look (the token service unreachable or answering an error, the state
 *   store failing): an outage is no reason to ask the admin to sign in again, the caller tries later.
 */
export interface SilentSignIn {
  /** The admin's token from the token service, or undefined when there is none. */
  storedSignIn(admin: { tenantId: string; userId: string }): Promise<string | undefined>;
}
