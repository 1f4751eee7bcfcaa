import { Client } from '@microsoft/microsoft-graph-client';
import { TenantOperations } from '../ports/tenant-operations.port';
import { backupRows } from './prepare/backup.operations';
import { blockers, deleteApplications, deleteOwnedServicePrincipals } from './directory/blockers.operations';
import { ConditionalAccessAccess, disableConditionalAccessPolicies, disablePerUserMfa, disableSecurityDefaults, mfaReport } from './mfa/mfa.operations';
import { ConditionalAccessPacer, conditionalAccessPacer } from '../graph/conditional-access-pacer';
import { subscriptions } from './subscriptions/subscriptions.operations';
import { disableDirectorySync, previewUsers, purgeDeletedUsers, remainingUsers, restoreDeletedUsers } from './users/users.operations';

/** `TenantOperations` over Microsoft Graph: v1.0, and beta for per-user MFA only. */
export class GraphTenantOperations implements TenantOperations {
  private readonly ca: ConditionalAccessAccess;

  constructor(
    private readonly v1: Client,
    private readonly beta: Client,
    private readonly tenantId: string,
    pacer: ConditionalAccessPacer = conditionalAccessPacer,
  ) {
    this.ca = { tenantId, pacer };
  }

  previewUsers = (keepUserId: string, record: (ids: string[]) => Promise<void>) => previewUsers(this.v1, keepUserId, record);
  remainingUsers = (keepUserId: string) => remainingUsers(this.v1, keepUserId);
  disableDirectorySync = (organizationId: string) => disableDirectorySync(this.v1, organizationId);
  restoreDeletedUsers = () => restoreDeletedUsers(this.v1);
  subscriptions = () => subscriptions(this.v1, this.tenantId);
  mfaReport = (keepUserId: string) => mfaReport(this.v1, this.beta, keepUserId, this.ca);
  disablePerUserMfa = (keepUserId: string) => disablePerUserMfa(this.v1, this.beta, keepUserId);
  disableSecurityDefaults = () => disableSecurityDefaults(this.v1);
  disableConditionalAccessPolicies = (ids: string[]) => disableConditionalAccessPolicies(this.v1, this.ca, ids);
  blockers = (keepUserId: string, tenantId: string) => blockers(this.v1, keepUserId, tenantId);
  purgeDeletedUsers = () => purgeDeletedUsers(this.v1);
  deleteApplications = () => deleteApplications(this.v1);
  deleteOwnedServicePrincipals = (tenantId: string) => deleteOwnedServicePrincipals(this.v1, tenantId);
  backupRows = () => backupRows(this.v1);
}
