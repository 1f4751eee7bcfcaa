import type { Counters } from '../counters';
import type { SimAuthenticationStrength } from './authentication-strengths';
import { advanceSubscriptions } from './subscription-lifecycle';
import { GLOBAL_ADMIN_TEMPLATE_ID, SimApplication, SimCaPolicy, SimDirectoryRole, SimGroup, SimOrganization, SimRoleEligibility, SimServicePrincipal, SimSubscription, SimUser } from './model';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** graph-api.md §3.2: soft-deleted users can be restored within 30 days, then the deletion is permanent. */
export const SOFT_DELETE_RETENTION_MS = 30 * DAY_MS;
/** graph-api.md §3.4: sync deactivation takes up to 72 h, and sync cannot be re-enabled for 72 h. */
export const SYNC_DEACTIVATION_MAX_MS = 72 * HOUR_MS;

export type ViolationKind =
  'delete-self' | 'delete-last-global-admin' | 'write-synced-object-while-sync-on' | 'delete-without-role' | 'delete-admin-without-access-as-user' | 'app-only-delete-privileged-admin' | 'disable-own-mfa';

/** A request the bot should never have sent (refused by Graph, or allowed but unsafe). */
export interface Violation {
  at: string;
  kind: ViolationKind;
  callerId: string | null;
  targetId: string;
  /** True when the simulator refused it, as Graph does. */
  refused: boolean;
  detail: string;
}

/** One tenant's share of the simulator's counters (the same series, see `Counters`). */
export type TenantCounters = Counters;

export interface TenantState {
  id: string;
  scenario: string;
  adminId: string;
  adminUpn: string;
  org: SimOrganization;
  roles: SimDirectoryRole[];
  groups: SimGroup[];
  /** PIM: roles principals may activate; none of them counts as held. */
  eligibilities: SimRoleEligibility[];
  /** Entra ID P2 / Governance: without it PIM's APIs answer 400 AadPremiumLicenseRequired. */
  entraIdP2: boolean;
  /**
   * The delegated Microsoft Graph scopes an admin consented to for the bot in this tenant, or null
   * when nobody did (Entra then issues no token: AADSTS65001). Static tokens grant this.
   */
  adminConsent: ReadonlySet<string> | null;
  subscriptions: SimSubscription[];
  applications: Map<string, SimApplication>;
  servicePrincipals: Map<string, SimServicePrincipal>;
  caPolicies: SimCaPolicy[];
  /** The built-in authentication strengths and the scenario's custom ones. */
  authenticationStrengths: SimAuthenticationStrength[];
  securityDefaultsEnabled: boolean;
  deleted: Map<string, SimUser>;
  /** Users at creation; fixes the size class of the throttling budget (graph-api.md §8.2). */
  userCount: number;
}

/**
 * One simulated tenant: its directory, its simulated clock and what tests inspect. Users are
 * produced by `materialize` on first use, so a 10,000-user tenant costs nothing until touched.
 */
export class Tenant {
  readonly counters: TenantCounters = { requests: 0, batchItems: 0, writes: 0, throttled: 0, errors5xx: 0, dropped: 0, unauthorized: 0, peakConcurrency: 0 };
  inFlight = 0;
  readonly violations: Violation[] = [];
  readonly deleteCalls = new Map<string, number>();
  readonly purgeCalls = new Map<string, number>();
  readonly restoreCalls = new Map<string, number>();
  /** Simulated time is real time plus what `advanceHours` added. */
  clockOffsetMs = 0;
  syncDisableDueAt: number | null = null;
  syncDisabledAt: number | null = null;
  private active?: Map<string, SimUser>;
  private sorted?: SimUser[];
  /** Earliest time a soft-deleted user may be purged, so `tick` rarely scans deleted items. */
  private nextPurgeAt = 0;

  constructor(
    readonly state: TenantState,
    private readonly materialize: () => SimUser[],
    readonly syncDisableDelayMs: number,
  ) {}

  get id(): string {
    return this.state.id;
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  users(): Map<string, SimUser> {
    if (!this.active) this.active = new Map(this.materialize().map((u) => [u.id, u]));
    return this.active;
  }

  /** Active users ordered by id: the order of every user listing and of the paging cursor. */
  sortedUsers(): SimUser[] {
    if (!this.sorted) this.sorted = [...this.users().values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return this.sorted;
  }

  /** Graph addresses a user by object id or by userPrincipalName (graph-api.md §3.2). */
  findUser(idOrUpn: string): SimUser | undefined {
    const key = idOrUpn.toLowerCase();
    const byId = this.users().get(key);
    if (byId) return byId;
    for (const user of this.users().values()) if (user.userPrincipalName.toLowerCase() === key) return user;
    return undefined;
  }

  moveToDeleted(user: SimUser): void {
    this.users().delete(user.id);
    this.state.deleted.set(user.id, { ...user, deletedDateTime: new Date(this.now()).toISOString() });
    this.nextPurgeAt = Math.min(this.nextPurgeAt, this.now() + SOFT_DELETE_RETENTION_MS);
    this.sorted = undefined;
  }

  restore(user: SimUser): SimUser {
    this.state.deleted.delete(user.id);
    const restored: SimUser = { ...user };
    delete restored.deletedDateTime;
    this.users().set(restored.id, restored);
    this.sorted = undefined;
    return restored;
  }

  addUser(user: SimUser): void {
    this.users().set(user.id, user);
    this.sorted = undefined;
  }

  /** Groups the user is a direct member of (role-assignable groups cannot nest, so this is all). */
  groupsOf(userId: string): SimGroup[] {
    return this.state.groups.filter((g) => g.memberIds.has(userId));
  }

  /** Roles the user holds actively: assigned directly or through a role-assignable group. */
  rolesOf(userId: string): SimDirectoryRole[] {
    const groupIds =
      this.state.groups.length === 0
        ? []
        : this.groupsOf(userId)
            .filter((g) => g.isAssignableToRole)
            .map((g) => g.id);
    return this.state.roles.filter((r) => r.memberIds.has(userId) || groupIds.some((g) => r.memberIds.has(g)));
  }

  /** Roles assigned to the user itself (what `memberOf` lists beside the groups). */
  directRolesOf(userId: string): SimDirectoryRole[] {
    return this.state.roles.filter((r) => r.memberIds.has(userId));
  }

  isGlobalAdmin(userId: string): boolean {
    return this.users().has(userId) && this.rolesOf(userId).some((r) => r.roleTemplateId === GLOBAL_ADMIN_TEMPLATE_ID);
  }

  /** Active users holding Global Administrator, directly or through a role-assignable group. */
  activeGlobalAdminIds(): string[] {
    const role = this.state.roles.find((r) => r.roleTemplateId === GLOBAL_ADMIN_TEMPLATE_ID);
    if (!role) return [];
    const holders = new Set<string>();
    for (const id of role.memberIds) {
      const group = this.state.groups.find((g) => g.id === id && g.isAssignableToRole);
      for (const member of group ? group.memberIds : [id]) if (this.users().has(member)) holders.add(member);
    }
    return [...holders];
  }

  recordViolation(kind: ViolationKind, callerId: string | null, targetId: string, refused: boolean, detail: string): void {
    this.violations.push({ at: new Date(this.now()).toISOString(), kind, callerId, targetId, refused, detail });
  }

  /** Lets simulated time act: sync deactivation, 30-day purge, subscription lifecycle. */
  tick(): void {
    const now = this.now();
    if (this.syncDisableDueAt !== null && now >= this.syncDisableDueAt) this.completeSyncDisable();
    if (now >= this.nextPurgeAt) {
      this.nextPurgeAt = Number.POSITIVE_INFINITY;
      for (const [id, user] of this.state.deleted) {
        const purgeAt = Date.parse(user.deletedDateTime ?? '') + SOFT_DELETE_RETENTION_MS;
        if (purgeAt <= now) this.state.deleted.delete(id);
        else this.nextPurgeAt = Math.min(this.nextPurgeAt, purgeAt);
      }
    }
    advanceSubscriptions(this.state.subscriptions, now);
  }

  /**
   * graph-api.md §3.4: deactivation clears the on-premises properties; the organization and the
   * formerly synced users then read `onPremisesSyncEnabled: false` ("was synced, no longer").
   */
  completeSyncDisable(): void {
    if (this.syncDisableDueAt === null) return;
    this.syncDisableDueAt = null;
    this.syncDisabledAt = this.now();
    this.state.org.onPremisesSyncEnabled = false;
    for (const user of this.users().values()) {
      if (user.onPremisesSyncEnabled === true) {
        user.onPremisesSyncEnabled = false;
        user.onPremisesSamAccountName = null;
        user.onPremisesDistinguishedName = null;
      }
    }
  }
}
