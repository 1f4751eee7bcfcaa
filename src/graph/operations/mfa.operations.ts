import { Client } from '@microsoft/microsoft-graph-client';
import { MfaReport } from '../../ports/tenant-operations.port';
import { sendBatched } from '../graph-batch';
import { graphAll, graphCall } from '../graph-request';

interface ConditionalAccessPolicy {
  id: string;
  displayName?: string;
  state?: string;
  grantControls?: { builtInControls?: string[] } | null;
}

/** Per-user MFA is beta-only (graph-api.md §5.1); security defaults and CA are v1.0 (§5.2, §5.3). */
export async function mfaReport(client: Client, beta: Client, keepUserId: string): Promise<MfaReport> {
  const others = await otherUserIds(client, keepUserId);
  const states = await sendBatched(
    beta,
    others.map((id, i) => ({ id: String(i + 1), method: 'GET' as const, url: `/users/${id}/authentication/requirements` })),
  );
  const [defaults, policies] = await Promise.all([
    graphCall<{ isEnabled?: boolean }>(() => client.api('/policies/identitySecurityDefaultsEnforcementPolicy').get()),
    graphAll<ConditionalAccessPolicy>(client, '/identity/conditionalAccess/policies'),
  ]);
  return {
    usersChecked: others.length,
    usersUnreadable: states.filter((s) => s.status !== 200).length,
    usersWithMfa: states.filter((s) => s.status === 200 && (s.body as { perUserMfaState?: string } | undefined)?.perUserMfaState !== 'disabled').length,
    securityDefaultsEnabled: defaults.isEnabled === true,
    conditionalAccessRequiringMfa: policies
      .filter((p) => p.state !== 'disabled' && (p.grantControls?.builtInControls ?? []).includes('mfa'))
      .map((p) => ({ id: p.id, displayName: p.displayName ?? p.id, state: p.state ?? 'enabled' })),
  };
}

export async function disablePerUserMfa(client: Client, beta: Client, keepUserId: string): Promise<{ changed: number; failed: number }> {
  const others = await otherUserIds(client, keepUserId);
  const results = await sendBatched(
    beta,
    others.map((id, i) => ({ id: String(i + 1), method: 'PATCH' as const, url: `/users/${id}/authentication/requirements`, body: { perUserMfaState: 'disabled' } })),
  );
  const changed = results.filter((r) => r.status < 300).length;
  return { changed, failed: results.length - changed };
}

export async function disableSecurityDefaults(client: Client): Promise<void> {
  await graphCall(() => client.api('/policies/identitySecurityDefaultsEnforcementPolicy').patch({ isEnabled: false }));
}

export async function disableConditionalAccessPolicies(client: Client, ids: string[]): Promise<{ changed: number; failed: number }> {
  let changed = 0;
  // The CA service allows about one request per second per tenant (graph-api.md §5.3): one at a time.
  for (const id of ids) {
    try {
      await graphCall(() => client.api(`/identity/conditionalAccess/policies/${encodeURIComponent(id)}`).patch({ state: 'disabled' }));
      changed++;
    } catch {
      // counted below; the step re-reads the policies to verify
    }
  }
  return { changed, failed: ids.length - changed };
}

async function otherUserIds(client: Client, keepUserId: string): Promise<string[]> {
  const users = await graphAll<{ id: string }>(client, '/users', (r) => r.select('id').top(999));
  return users.map((u) => u.id).filter((id) => id !== keepUserId);
}
