import { Client } from '@microsoft/microsoft-graph-client';
import { DirectoryReader, GLOBAL_ADMIN_ROLE_TEMPLATE_ID, InventoryCounts, OrganizationFacts } from '../ports/directory.port';
import { GraphFailure } from './graph-failure';

interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

/** `DirectoryReader` over Microsoft Graph v1.0 (graph-api.md §2–§4, §6). */
export class GraphDirectory implements DirectoryReader {
  constructor(private readonly client: Client) {}

  async organization(): Promise<OrganizationFacts> {
    const page = await this.call<Page<GraphOrganization>>(() =>
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
    const roles = await this.all<{ roleTemplateId?: string }>(() => this.client.api(path).select('id,displayName,roleTemplateId').get());
    return roles.some((r) => r.roleTemplateId === GLOBAL_ADMIN_ROLE_TEMPLATE_ID);
  }

  async me(): Promise<{ id: string; displayName: string } | undefined> {
    try {
      return await this.call(() => this.client.api('/me').select('id,displayName').get());
    } catch (error) {
      // App-only tokens have no signed-in user: Graph answers 400 for /me.
      if (error instanceof GraphFailure && error.status === 400) return undefined;
      throw error;
    }
  }

  async inventoryCounts(): Promise<InventoryCounts> {
    const [users, subscriptions, applications] = await Promise.all([
      this.call<number>(() => this.client.api('/users/$count').header('ConsistencyLevel', 'eventual').get()),
      this.all<{ status?: string }>(() => this.client.api('/directory/subscriptions').get()),
      this.all<{ id: string }>(() => this.client.api('/applications').select('id').top(999).get()),
    ]);
    return {
      users: Number(users),
      subscriptions: subscriptions.length,
      activeSubscriptions: subscriptions.filter((s) => s.status === 'Enabled').length,
      applications: applications.length,
    };
  }

  /** Follows `@odata.nextLink` to the end (paging.md: the whole link, never a parsed skiptoken). */
  private async all<T>(first: () => Promise<Page<T>>): Promise<T[]> {
    const items: T[] = [];
    let page = await this.call(first);
    items.push(...page.value);
    while (page['@odata.nextLink']) {
      const next = page['@odata.nextLink'];
      page = await this.call<Page<T>>(() => this.client.api(next).get());
      items.push(...page.value);
    }
    return items;
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw GraphFailure.from(error);
    }
  }
}

interface GraphOrganization {
  id: string;
  displayName?: string;
  verifiedDomains?: Array<{ name: string; isInitial?: boolean; isDefault?: boolean }>;
  onPremisesSyncEnabled?: boolean | null;
}
