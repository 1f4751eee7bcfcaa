import { Client } from '@microsoft/microsoft-graph-client';
import { DirectoryReader, GLOBAL_ADMIN_ROLE_TEMPLATE_ID, GlobalAdminStatus, InventoryCounts, OrganizationFacts } from '../ports/directory.port';
import { GraphFailure } from '../ports/graph-failure';
import { graphAll, graphCall, Page } from './graph-request';
import { countUsers } from './directory-counts';

/** `DirectoryReader` over Microsoft Graph v1.0 (graph-api.md §2–§4, §6). */
export class GraphDirectory implements DirectoryReader {
  /**
   * @param globalAdminRole Where the tenant's Global Administrator directoryRole object id is kept
   * once read (it never changes once the role is activated in a tenant): spares one Graph read per
   * check. Shared by the directories of one process; keyed by tenant.
   */
  constructor(
    private readonly client: Client,
    private readonly globalAdminRole?: { tenantId: string; ids: Map<string, string> },
  ) {}

  async organization(): Promise<OrganizationFacts> {
    const page = await graphCall<Page<GraphOrganization>>(() => this.client.api('/organization').select('id,displayName,verifiedDomains,onPremisesSyncEnabled').get());
    const org = page.value[0];
    if (!org) throw new GraphFailure(404, 'Request_ResourceNotFound', 'No organization returned');
    const initial = org.verifiedDomains?.find((d) => d.isInitial)?.name ?? org.verifiedDomains?.[0]?.name ?? '';
    return { id: org.id, displayName: org.displayName ?? initial, initialDomain: initial, syncEnabled: org.onPremisesSyncEnabled ?? null };
  }

  /**
   * Global Administrator by role template id, as Microsoft documents the requests:
   * 1. the Global Administrator directoryRole by its alternate key (`directoryRoles(roleTemplateId=…)`,
   *    learn.microsoft.com/graph/api/directoryrole-get; RoleManagement.Read.Directory), for its object id;
   * 2. the user's `transitiveMemberOf` cast to `microsoft.graph.directoryRole`, an advanced query
   *    (`ConsistencyLevel: eventual` and `$count=true`, learn.microsoft.com/graph/aad-advanced-queries),
   *    which includes roles held through role-assignable groups. A role the app may not read comes back
   *    with only `id` and `@odata.type` (permissions-overview, "Limited information"), so the role is
   *    recognised by its object id as well as by `roleTemplateId`;
   * 3. only when not held: PIM eligibilities (`roleEligibilityScheduleInstances`,
   *    learn.microsoft.com/graph/api/rbacapplication-list-roleeligibilityscheduleinstances): eligible
   *    is not held, the admin must activate it. A tenant without Entra ID P2 has no PIM and says so
   *    with 400 AadPremiumLicenseRequired: nobody there is eligible.
   * Any other failure propagates with its request (fails closed).
   */
  async globalAdminStatus(userId: string): Promise<GlobalAdminStatus> {
    const role = await this.globalAdminRoleObject();
    const memberOf = `/users/${encodeURIComponent(userId)}/transitiveMemberOf/microsoft.graph.directoryRole`;
    const roles = await graphAll<{ id?: string; roleTemplateId?: string | null }>(this.client, memberOf, (r) => r.query({ $count: 'true' }).select('id,roleTemplateId').top(999), { ConsistencyLevel: 'eventual' });
    const held = roles.some((r) => r.roleTemplateId === GLOBAL_ADMIN_ROLE_TEMPLATE_ID || (role !== undefined && r.id?.toLowerCase() === role.id.toLowerCase()));
    if (held) return 'active';
    return (await this.eligibleForGlobalAdmin(userId)) ? 'eligibleOnly' : 'none';
  }

  /** The Global Administrator directoryRole (its object id), or undefined when the role is not activated in the tenant (then not kept: it may be soon). */
  private async globalAdminRoleObject(): Promise<{ id: string } | undefined> {
    const cache = this.globalAdminRole;
    const known = cache?.ids.get(cache.tenantId.toLowerCase());
    if (known) return { id: known };
    const rolePath = `/directoryRoles(roleTemplateId='${GLOBAL_ADMIN_ROLE_TEMPLATE_ID}')`;
    const role = await graphCall<{ id: string } | undefined>(() => this.client.api(rolePath).select('id,roleTemplateId').get(), { method: 'GET', path: rolePath }).catch((error: unknown) => {
      // Not activated in the tenant: nobody holds it (every tenant has one in practice).
      if (error instanceof GraphFailure && error.status === 404) return undefined;
      throw error;
    });
    if (cache && role?.id) cache.ids.set(cache.tenantId.toLowerCase(), role.id);
    return role;
  }

  private async eligibleForGlobalAdmin(userId: string): Promise<boolean> {
    const path = '/roleManagement/directory/roleEligibilityScheduleInstances';
    const filter = `principalId eq '${userId.replace(/'/g, "''")}' and roleDefinitionId eq '${GLOBAL_ADMIN_ROLE_TEMPLATE_ID}'`;
    try {
      const eligible = await graphAll<{ id: string }>(this.client, path, (r) => r.filter(filter).select('id,principalId,roleDefinitionId'));
      return eligible.length > 0;
    } catch (error) {
      if (error instanceof GraphFailure && error.status === 400 && error.code === 'AadPremiumLicenseRequired') return false;
      throw error;
    }
  }

  async me(): Promise<{ id: string; displayName: string } | undefined> {
    try {
      return await graphCall<{ id: string; displayName: string }>(() => this.client.api('/me').select('id,displayName').get());
    } catch (error) {
      // App-only tokens have no signed-in user: Graph answers 400 for /me.
      if (error instanceof GraphFailure && error.status === 400) return undefined;
      throw error;
    }
  }

  async findUser(idOrUpn: string): Promise<{ id: string; displayName: string } | undefined> {
    try {
      const user = await graphCall<{ id: string; displayName?: string }>(() =>
        this.client
          .api(`/users/${encodeURIComponent(idOrUpn)}`)
          .select('id,displayName')
          .get(),
      );
      return { id: user.id, displayName: user.displayName ?? idOrUpn };
    } catch (error) {
      if (error instanceof GraphFailure && error.status === 404) return undefined;
      throw error;
    }
  }

  async inventoryCounts(): Promise<InventoryCounts> {
    const [users, subscriptions, applications] = await Promise.all([
      countUsers(this.client),
      graphAll<{ status?: string }>(this.client, '/directory/subscriptions'),
      graphAll<{ id: string }>(this.client, '/applications', (r) => r.select('id').top(999)),
    ]);
    return {
      users,
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
