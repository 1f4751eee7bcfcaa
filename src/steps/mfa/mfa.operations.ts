import { Client } from '@microsoft/microsoft-graph-client';
import { MfaReport } from '../../ports/tenant-operations.port';
import { ConditionalAccessPacer, leaveThrottlingToPacer } from '../../graph/conditional-access-pacer';
import { sendBatched, throwIfAnyFailed, throwIfDenied } from '../../graph/bulk/batched-requests';
import { GraphFailure } from '../../ports/graph-failure';
import { followLink, graphAll, graphCall, Page } from '../../graph/graph-request';

interface AuthenticationStrength {
  id: string;
  displayName?: string;
  /** `mfa` when every allowed combination satisfies multifactor authentication; a flags enum (`none`, `mfa`). */
  requirementsSatisfied?: string;
}

interface ConditionalAccessPolicy {
  id: string;
  displayName?: string;
  state?: string;
  grantControls?: { builtInControls?: string[]; authenticationStrength?: AuthenticationStrength | null } | null;
}

/** Everything under /identity/conditionalAccess is paced per tenant (1 request/s, 429s without Retry-After). */
export interface ConditionalAccessAccess {
  tenantId: string;
  pacer: ConditionalAccessPacer;
}

/**
 * Per-user MFA is beta-only (graph-api.md §5.1); security defaults and Conditional Access are v1.0
 * (§5.2, §5.3). A Conditional Access policy requires MFA by the built-in `mfa` grant control or by
 * an authentication strength that satisfies MFA (the built-in "Multifactor authentication",
 * "Passwordless MFA" and "Phishing-resistant MFA", or a custom one: `requirementsSatisfied: mfa`),
 * enabled or report-only. Every answer must be read: a user whose MFA state could not be read makes
 * the whole report fail (unknown), never "no MFA".
 */
export async function mfaReport(client: Client, beta: Client, keepUserId: string, ca: ConditionalAccessAccess): Promise<MfaReport> {
  const others = await otherUserIds(client, keepUserId);
  const states = await sendBatched(
    beta,
    others.map((id, i) => ({ id: String(i + 1), method: 'GET' as const, url: `/users/${id}/authentication/requirements` })),
  );
  // A user deleted since the list was read (404) has no MFA left to turn off; anything else is unknown.
  throwIfAnyFailed(states.filter((s) => s.status !== 404));
  const [defaults, policies] = await Promise.all([graphCall<{ isEnabled?: boolean }>(() => client.api('/policies/identitySecurityDefaultsEnforcementPolicy').get()), conditionalAccessRequiringMfa(client, ca)]);
  return {
    usersChecked: others.length,
    usersWithMfa: states.filter((s) => s.status === 200 && (s.body as { perUserMfaState?: string } | undefined)?.perUserMfaState !== 'disabled').length,
    securityDefaultsEnabled: defaults.isEnabled === true,
    conditionalAccessRequiringMfa: policies,
  };
}

/** The policies that require MFA by any means, enabled or report-only, each with how. */
export async function conditionalAccessRequiringMfa(client: Client, ca: ConditionalAccessAccess): Promise<MfaReport['conditionalAccessRequiringMfa']> {
  const policies = (await caList<ConditionalAccessPolicy>(client, ca, '/identity/conditionalAccess/policies')).filter((p) => p.state === 'enabled' || p.state === 'enabledForReportingButNotEnforced');
  const referenced = policies.map((p) => p.grantControls?.authenticationStrength).filter((s): s is AuthenticationStrength => Boolean(s?.id));
  // Graph returns a policy's strength inline; the strengths are read only if it did not say what one satisfies.
  const strengths = new Map(referenced.filter((s) => s.requirementsSatisfied !== undefined).map((s) => [s.id, s]));
  if (referenced.some((s) => !strengths.has(s.id))) {
    const all = await caList<AuthenticationStrength>(client, ca, '/identity/conditionalAccess/authenticationStrength/policies', 'id,displayName,requirementsSatisfied');
    for (const s of all) strengths.set(s.id, s);
  }
  const found: MfaReport['conditionalAccessRequiringMfa'] = [];
  for (const p of policies) {
    const base = { id: p.id, displayName: p.displayName ?? p.id, state: p.state! };
    if ((p.grantControls?.builtInControls ?? []).includes('mfa')) {
      found.push({ ...base, requires: 'mfaControl' });
      continue;
    }
    const ref = p.grantControls?.authenticationStrength;
    if (!ref?.id) continue;
    const strength = strengths.get(ref.id);
    if (!strength)
      throw new GraphFailure(404, 'AuthenticationStrengthNotFound', `Policy ${p.id} names authentication strength ${ref.id}, which the tenant does not list`).withRequest({
        method: 'GET',
        path: '/identity/conditionalAccess/authenticationStrength/policies',
      });
    if (satisfiesMfa(strength.requirementsSatisfied)) found.push({ ...base, requires: 'authenticationStrength', strength: strength.displayName ?? ref.displayName ?? strength.id });
  }
  return found;
}

/** `requirementsSatisfied` is a flags enum: `mfa` alone or among others. */
function satisfiesMfa(requirements: string | undefined): boolean {
  return (requirements ?? '')
    .split(',')
    .map((r) => r.trim())
    .includes('mfa');
}

/** A paced, paged Conditional Access list: each page waits for the tenant's slot. */
async function caList<T>(client: Client, ca: ConditionalAccessAccess, path: string, select?: string): Promise<T[]> {
  const items: T[] = [];
  let request = client.api(path).middlewareOptions([leaveThrottlingToPacer()]);
  if (select) request = request.select(select);
  let page = await ca.pacer.run(ca.tenantId, () => graphCall<Page<T>>(() => request.get()));
  items.push(...page.value);
  while (page['@odata.nextLink']) {
    const next = page['@odata.nextLink'];
    page = await ca.pacer.run(ca.tenantId, () => graphCall<Page<T>>(() => followLink(client, next).middlewareOptions([leaveThrottlingToPacer()]).get()));
    items.push(...page.value);
  }
  return items;
}

export async function disablePerUserMfa(client: Client, beta: Client, keepUserId: string): Promise<{ changed: number; failed: number }> {
  const others = await otherUserIds(client, keepUserId);
  const results = await sendBatched(
    beta,
    others.map((id, i) => ({ id: String(i + 1), method: 'PATCH' as const, url: `/users/${id}/authentication/requirements`, body: { perUserMfaState: 'disabled' } })),
  );
  throwIfDenied(results);
  const changed = results.filter((r) => r.status < 300).length;
  return { changed, failed: results.length - changed };
}

export async function disableSecurityDefaults(client: Client): Promise<void> {
  await graphCall(() => client.api('/policies/identitySecurityDefaultsEnforcementPolicy').patch({ isEnabled: false }));
}

/**
 * One policy at a time, in the tenant's Conditional Access slots. A missing permission stops at
 * once (the admin must grant it; the card names it); other refusals are counted, and the step
 * re-reads the policies to verify.
 */
export async function disableConditionalAccessPolicies(client: Client, ca: ConditionalAccessAccess, ids: string[]): Promise<{ changed: number; failed: number }> {
  let changed = 0;
  for (const id of ids) {
    try {
      await ca.pacer.run(ca.tenantId, () =>
        graphCall(() =>
          client
            .api(`/identity/conditionalAccess/policies/${encodeURIComponent(id)}`)
            .middlewareOptions([leaveThrottlingToPacer()])
            .patch({ state: 'disabled' }),
        ),
      );
      changed++;
    } catch (error) {
      const failure = GraphFailure.from(error);
      if (['permission', 'consent', 'signIn'].includes(failure.kind)) throw failure;
    }
  }
  return { changed, failed: ids.length - changed };
}

async function otherUserIds(client: Client, keepUserId: string): Promise<string[]> {
  const users = await graphAll<{ id: string }>(client, '/users', (r) => r.select('id').top(999));
  return users.map((u) => u.id).filter((id) => id !== keepUserId);
}
