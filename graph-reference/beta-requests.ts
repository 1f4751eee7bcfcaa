/**
 * The only requests the bot may send to Graph's beta endpoint, each with why v1.0 cannot serve it.
 * The README lists the same rows; the conformance test fails on a beta request not listed here.
 */
export interface BetaRequest {
  method: string;
  /** A template in the permission data's form (`{id}` for a key). */
  template: string;
  why: string;
  citation: string;
}

const PER_USER_MFA = 'https://learn.microsoft.com/graph/api/authentication-get?view=graph-rest-beta and https://learn.microsoft.com/entra/identity/authentication/howto-mfa-userstates ("Microsoft Graph beta" only)';

export const BETA_REQUESTS: readonly BetaRequest[] = [
  {
    method: 'GET',
    template: '/users/{id}/authentication/requirements',
    why: "Reads a user's per-user MFA state (step 4). The strongAuthenticationRequirements resource exists in beta only; v1.0 has no per-user MFA state.",
    citation: PER_USER_MFA,
  },
  {
    method: 'PATCH',
    template: '/users/{id}/authentication/requirements',
    why: 'Turns per-user MFA off for the accounts being closed (step 4). Beta only, like the read.',
    citation: PER_USER_MFA,
  },
  {
    method: 'POST',
    template: '/$batch',
    why: 'The envelope that carries the two requests above, 20 users at a time (a beta request goes in a beta batch).',
    citation: 'https://learn.microsoft.com/graph/json-batching',
  },
];
