// How Microsoft Entra ID and MSAL say that a token request failed: read here, by the Graph adapter
// that asks for tokens, and turned into the ports' GraphFailure (consentRequired, identityUnavailable).

/**
 * Entra ID answers that the app has no consent in the admin's tenant (AADSTS65001 for a delegated
 * token, 650057 for a permission the app does not have, 700016 when the app was never consented to
 * there): signing in again cannot help; a Global Administrator must grant consent once.
 */
export function isConsentMissing(error: unknown): boolean {
  return /AADSTS(65001|650057|700016)\b/.test(String((error as Error)?.message ?? error));
}

/**
 * Whether a token request failed for an outage rather than a refusal. @azure/identity turns every
 * MSAL failure into an AuthenticationRequiredError whose message starts with MSAL's error code:
 * `network_error` (no answer, after its retries), `temporarily_unavailable` or `server_error` (Entra
 * said so, e.g. AADSTS90033), against `invalid_grant` and the like for a real refusal. After a 429
 * or 5xx, MSAL answers the same request from its throttling cache without asking Entra (for the
 * Retry-After, else 60 s), with the answer's numeric error codes first (`90033: AADSTS90033: …`):
 * that cache holds only such answers, so it is an outage too. Anything not recognised as an outage
 * counts as a refusal, as before.
 */
export function isIdentityOutage(error: unknown): boolean {
  const e = error as { name?: unknown; message?: unknown; statusCode?: unknown } | undefined;
  if (typeof e?.statusCode === 'number' && e.statusCode >= 500) return true;
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') return true;
  const text = String(e?.message ?? error).trim();
  return (
    /^(network_error|temporarily_unavailable|server_error)\b/.test(text) || /^\d+( \d+)*: /.test(text) || /\b(ETIMEDOUT|ECONNRESET|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ENOTFOUND|socket hang up)\b/.test(text)
  );
}
