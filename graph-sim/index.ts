/**
 * A Microsoft Graph simulator written from ../shared/reference/graph-api.md: the directory rules,
 * throttling, batching and error shapes the closure bot meets, for tests, benchmarks and the demo.
 * See graph-sim/README.md.
 */
export { startGraphSimulator } from './simulator';
export { DEMO_TENANT } from './scenarios/demo.scenario';
export { SCENARIOS } from './scenarios';
export { tokenFor, SIM_APP_ID } from './http/auth';
export { BATCH_LIMIT } from './http/batch';
export { IDENTITY_LIMITS } from './throttling/limits';
export { ROLE_TEMPLATES, GLOBAL_ADMIN_TEMPLATE_ID, MICROSOFT_FIRST_PARTY_TENANT } from './directory/model';
export type { RoleName, PerUserMfaState, SubscriptionStatus } from './directory/model';
export type { AdminCenter } from './directory/admin-center';
export type { AzurePortal, ArmSubscriptionState } from './directory/azure-tenant';
export { ARM_API_VERSIONS } from './http/arm/arm-routes';
export type { Inspection, UserSnapshot } from './directory/inspection';
export type { Violation, ViolationKind, TenantCounters } from './directory/tenant';
export type { ScenarioSpec, UserSeed, SubscriptionSeed } from './scenarios/scenario-spec';
export type { Counters, FaultRates, GraphSimulator, Latency, ScenarioName, SimulatorOptions, TenantInfo } from './types';
