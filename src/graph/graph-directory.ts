import { Client } from '@microsoft/microsoft-graph-client';
import { DirectoryReader, GLOBAL_ADMIN_ROLE_TEMPLATE_ID, InventoryCounts, OrganizationFacts } from '../ports/directory.port';
import { GraphFailure } from './graph-failure';
import { graphAll, graphCall, Page } from './graph-request';

/** `DirectoryReader` over Microsoft Graph v1.0 (graph-api.md §2–§4, §6). */
export class GraphDirectory implements DirectoryReader {
  constructor(private readonly client: Client) {}

  async organization(): Promise<OrganizationFacts> {
    const page = await graphCall<Page<GraphOrganization>>(() =>
      this.client.api('/organization').select('id,displayName,verifiedDomains,onPremisesSyncEnabled').get(),
    );
    const org = page.value[0];
    if (!org) throw new GraphFailure(404, 'Request_ResourceNotFound', 'No organization returned');
    const initial = org.verifiedDomains?.find((d) => d.isInitial)?.name ?? org.verifiedDomains?.[0]?.name ?? '';
    return { id: org.id, displayName: org.displayName ?? initial, initialDomain: initial, syncEnabled: org.onPremisesSyncEnabled ?? null };
  }

  async isGlobalAdmin(userId: string): Promise<boolean> {
    // transitiveMemberOf also sees roles held through role-assignable groups (graph-api.md §2.2 option B).
    const path = `/users/${encodeURIComponent(userId)}/transitiveMemberOf/microsoft.graph.directoryRole`;
    const roles = await graphAll<{ roleTemplateId?: string }>(this.client, path, (r) => r.select('id,displayName,roleTemplateId'));
    return roles.some((r) => r.roleTemplateId === GLOBAL_ADMIN_ROLE_TEMPLATE_ID);
  }

  async me(): Promise<{ id: string; displayName: string } | undefined> {
    try {
      return await graphCall(() => this.client.api('/me').select('id,displayName').get());
    } catch (error) {
      // App-only tokens have no signed-in user: Graph answers 400 for /me.
      if (error instanceof GraphFailure && error.status === 400) return undefined;
      throw error;
    }
  }

  async findUser(idOrUpn: string): Promise<{ id: string; displayName: string } | undefined> {
    try {
      const user = await graphCall<{ id: string; displayName?: string }>(() => this.client.api(`/users/${encodeURIComponent(idOrUpn)}`).select('id,displayName').get());
      return { id: user.id, displayName: user.displayName ?? idOrUpn };
    } catch (error) {
      if (error instanceof GraphFailure && error.status === 404) return undefined;
      throw error;
    }
  }

  async inventoryCounts(): Promise<InventoryCounts> {
    const [users, subscriptions, applications] = await Promise.all([
      graphCall<number>(() => this.client.api('/users/$count').header('ConsistencyLevel', 'eventual').get()),
      graphAll<{ status?: string }>(this.client, '/directory/subscriptions'),
      graphAll<{ id: string }>(this.client, '/applications', (r) => r.select('id').top(999)),
    ]);
    return {
      users: Number(users),
      subscriptions: subscriptions.length,
      activeSubscriptions: subscriptions.filter((s) => s.status === 'Enabled').length,
      applications: applications.length,
    };
  }
}

interface GraphOrganization {
  id: string;
  displayName?: string;
  verifiedDomains?: Array<{ name: string; isInitial?: boolean; isDefault?: boolean }>;
  onPremisesSyncEnabled?: boolean | null;
}
