import type { ScenarioSpec } from './scenarios/scenario-spec';
import type { AdminCenter } from './directory/admin-center';
import type { Inspection } from './directory/inspection';
import type { Counters } from './counters';
import type { AzurePortal } from './directory/azure-tenant';

export type { Counters } from './counters';

/** Names of the built-in scenarios (graph-sim/scenarios/). */
export type ScenarioName = 'demo' | 'small' | 'large' | 'synced' | 'locked-down' | 'blocked' | 'no-consent';

/** Probabilities (0..1) of injected faults, drawn per HTTP request (rate429 also per `$batch` item). */
export interface FaultRates {
  rate503?: number;
  rate504?: number;
  /** The socket is destroyed without an answer, before or after the request took effect. */
  rateDrop?: number;
  /** 429 below the limits: "429 can also happen below the limits under heavy load" (graph-api.md §8.2). */
  rate429?: number;
}

export interface Latency {
  fixedMs: number;
  jitterMs: number;
}

export interface SimulatorOptions {
  /** Default 0 (a free port). The server always binds 127.0.0.1. */
  port?: number;
  /** Tenants created at start; default `['demo']`. */
  scenarios?: Array<ScenarioName | ScenarioSpec>;
  /**
   * Default 1. Multiplies every throttling window, Retry-After and the fault Retry-After, and (unless
   * `quotaScale` says otherwise) every quota: 0.1 gives the same shape ten times faster.
   */
  timeScale?: number;
  /** Default `timeScale`. Multiplies the throttling quotas only (1 keeps documented burst sizes). */
  quotaScale?: number;
  latency?: Latency;
  faults?: FaultRates;
  /** Real milliseconds a `PATCH organization {onPremisesSyncEnabled:false}` takes (stands for up to 72 h). Default 2000. */
  syncDisableDelayMs?: number;
  /** Default true. */
  throttling?: boolean;
  /** Seed of the random source used for faults, jitter and batch response order. Default 1. */
  seed?: number;
}

export interface TenantInfo {
  tenantId: string;
  scenario: string;
  displayName: string;
  initialDomain: string;
  /** The scenario's acting Global Administrator. */
  adminId: string;
  adminUpn: string;
  /** Users at creation (the size class of the throttling budget is fixed from it). */
  userCount: number;
  sizeClass: 'S' | 'M' | 'L';
  /** Tokens accepted for this tenant (graph-sim/http/auth.ts). */
  appToken: string;
  adminToken: string;
}

export interface GraphSimulator {
  /** e.g. `http://127.0.0.1:54321`; clients add `/v1.0/...` or `/beta/...`. */
  url: string;
  tenants(): TenantInfo[];
  addTenant(scenario: ScenarioName | ScenarioSpec, overrides?: { tenantId?: string }): TenantInfo;
  /**
   * `sim.<tenantId>.<userId>` (delegated: grants what the tenant has consented to at each request)
   * or `sim.<tenantId>` (app-only).
   */
  tokenFor(tenantId: string, userId?: string): string;
  /**
   * A JWT as Entra would issue for Graph, signed by this simulator: delegated with `scp` = the
   * tenant's admin consent now (throws AADSTS65001 when there is none), or app-only. The simulator
   * grants exactly its `scp` for its lifetime (default 3600 s), as Graph does.
   */
  issueToken(tenantId: string, userId?: string, lifetimeSeconds?: number): string;
  /** Static token for the simulated Resource Manager (`{url}/arm`): `arm.<tenantId>.<userId>`, valid while the tenant consents. */
  armTokenFor(tenantId: string, userId: string): string;
  /** A JWT for Resource Manager's audience with `scp` user_impersonation; throws AADSTS65001 without the tenant's ARM consent. */
  issueArmToken(tenantId: string, userId: string, lifetimeSeconds?: number): string;
  /** The tenant's Azure side as the portal changes it: ARM consent, elevated access, subscriptions. */
  azure(tenantId: string): AzurePortal;
  admin(tenantId: string): AdminCenter;
  inspect(tenantId: string): Inspection;
  counters(): Counters;
  setLatency(latency: Latency): void;
  setFaults(faults: FaultRates): void;
  close(): Promise<void>;
}
