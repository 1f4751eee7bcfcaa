import type { AzureSubscriptionsFinding, AzureSubscriptionsReader } from '../ports/azure-subscriptions.port';
import { ArmRoleAssignment, ArmSubscription, rootRoleAssignmentsPath, subscriptionsPath, USER_ACCESS_ADMINISTRATOR_ROLE_ID } from './arm-api';

export interface ArmSubscriptionsOptions {
  /** ARM_ENDPOINT, without a trailing slash. */
  endpoint: string;
  /** The admin's delegated ARM token; undefined when this deployment has none. Throws when Entra refuses it. */
  token(tenantId: string, userId: string): Promise<string | undefined>;
  /** Per request (default 15 s). */
  timeoutMs?: number;
}

/** How many names a finding carries: enough to recognise them, bounded for the closure state. */
const NAMES_LIMIT = 10;
/** Pages followed at most (ARM pages subscriptions by the hundred or more). */
const PAGES_LIMIT = 50;

type Answer<T> = { ok: true; body: T } | { ok: false; status?: number; code?: string };

/**
 * Azure subscriptions over Azure Resource Manager with the admin's delegated token. Nothing here
 * throws: no token, no consent, a refusal or a failure is a reason the bot cannot see the check.
 */
export class ArmSubscriptions implements AzureSubscriptionsReader {
  constructor(private readonly options: ArmSubscriptionsOptions) {}

  async read(tenantId: string, userId: string): Promise<AzureSubscriptionsFinding> {
    let token: string | undefined;
    try {
      token = await this.options.token(tenantId, userId);
    } catch {
      return { read: false, reason: 'noConsent' };
    }
    if (!token) return { read: false, reason: 'noConsent' };
    const [listed, elevation] = await Promise.all([this.subscriptions(token), this.get<{ value?: ArmRoleAssignment[] }>(`${this.options.endpoint}${rootRoleAssignmentsPath(userId)}`, token)]);
    if (!listed.ok) {
      // 401: ARM takes no token of ours for this admin (what a token issued without the tenant's consent, or none, comes to);
      // 403: it took the token and refused the request.
      const reason = listed.status === 401 ? 'noConsent' : listed.status === 403 ? 'refused' : 'failed';
      return { read: false, reason, ...(listed.status ? { status: listed.status } : {}), ...(listed.code ? { code: listed.code } : {}) };
    }
    // 403 on the root scope is ARM's answer to an admin without elevated access; any other failure leaves it unknown, so not elevated.
    const elevated = elevation.ok && (elevation.body.value ?? []).some((a) => a.properties?.scope === '/' && (a.properties.roleDefinitionId ?? '').toLowerCase().endsWith(`/${USER_ACCESS_ADMINISTRATOR_ROLE_ID}`));
    const subscriptions = listed.body;
    const states: Record<string, number> = {};
    for (const s of subscriptions) states[s.state ?? 'Unknown'] = (states[s.state ?? 'Unknown'] ?? 0) + 1;
    return { read: true, count: subscriptions.length, names: subscriptions.slice(0, NAMES_LIMIT).map((s) => s.displayName || s.subscriptionId || '?'), states, elevated };
  }

  /** Every page of GET /subscriptions; a nextLink is followed only on ARM_ENDPOINT's own origin (the token goes nowhere else). */
  private async subscriptions(token: string): Promise<Answer<ArmSubscription[]>> {
    const all: ArmSubscription[] = [];
    let url: string | undefined = `${this.options.endpoint}${subscriptionsPath()}`;
    for (let page = 0; url && page < PAGES_LIMIT; page++) {
      const answer: Answer<{ value?: ArmSubscription[]; nextLink?: string | null }> = await this.get(url, token);
      if (!answer.ok) return answer;
      if (!Array.isArray(answer.body.value)) return { ok: false, code: 'UnexpectedAnswer' };
      all.push(...answer.body.value);
      const next: string | null | undefined = answer.body.nextLink;
      url = next && new URL(next).origin === new URL(this.options.endpoint).origin ? next : undefined;
    }
    return { ok: true, body: all };
  }

  private async get<T>(url: string, token: string): Promise<Answer<T>> {
    try {
      const response = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000) });
      const body = (await response.json().catch(() => undefined)) as (T & { error?: { code?: string } }) | undefined;
      if (!response.ok || body === undefined) return { ok: false, status: response.status, ...(body?.error?.code ? { code: body.error.code } : {}) };
      return { ok: true, body };
    } catch {
      return { ok: false };
    }
  }
}
