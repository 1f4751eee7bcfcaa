/**
 * What the bot reads from and does to a tenant's directory, independent of Microsoft Graph's wire
 * format. Implemented over Graph by `GraphDirectory`; faked in core unit tests.
 *
 * @remarks Every method may throw `GraphFailure` (src/ports/graph-failure.ts) carrying Graph's
 * status, error code and request id; callers turn it into a localized message.
 */
export interface DirectoryReader {
  organization(): Promise<OrganizationFacts>;
  /**
   * Whether the user holds the Global Administrator role: `active` (assigned directly or through a
   * role-assignable group), `eligibleOnly` (eligible in Privileged Identity Management, not
   * activated: not held until activated) or `none`. Throws (GraphFailure) when the roles cannot be
   * read: never a guess.
   */
  globalAdminStatus(userId: string): Promise<GlobalAdminStatus>;
  /** The signed-in user of a delegated token, or undefined for app-only access. */
  me(): Promise<{ id: string; displayName: string } | undefined>;
  inventoryCounts(): Promise<InventoryCounts>;
  /** A user by user principal name (or object id); undefined when there is none. */
  findUser(idOrUpn: string): Promise<{ id: string; displayName: string } | undefined>;
}

export interface OrganizationFacts {
  id: string;
  displayName: string;
  initialDomain: string;
  /** true: synced from on-premises; false: was synced, no longer; null: never synced. */
  syncEnabled: boolean | null;
}

export interface InventoryCounts {
  users: number;
  subscriptions: number;
  activeSubscriptions: number;
  applications: number;
}

export type GlobalAdminStatus = 'active' | 'eligibleOnly' | 'none';

export const GLOBAL_ADMIN_ROLE_TEMPLATE_ID = '62e90394-69f5-4237-9190-012177145e10';
