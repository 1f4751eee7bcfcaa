import { GraphCommand } from '../core/closure.commands';
import type { ApprovedSetRef } from '../core/closure.approval';
import { ResultEvent } from '../core/closure.events';
import { TenantOperations } from '../ports/tenant-operations.port';
import { DirectoryReader } from '../ports/directory.port';
import type { AzureSubscriptionsReader } from '../ports/azure-subscriptions.port';

type Result = ResultEvent extends infer E ? (E extends { closureId: string } ? Omit<E, 'closureId'> : never) : never;

export interface GraphCommandContext {
  tenantId: string;
  ops: TenantOperations;
  directory: DirectoryReader;
  /** Step 5's Azure subscriptions (Resource Manager, as the acting admin); without it that check is the admin's to confirm. */
  azure?: { reader: AzureSubscriptionsReader; userId: string };
  exportBackup(exportId: string): Promise<{ rows: number }>;
  /** Stores a preview's users beside the closure, as the approved set `setId`. */
  recordUsers(setId: string): Promise<{ add(ids: readonly string[]): Promise<void>; commit(): Promise<ApprovedSetRef> }>;
}

/**
 * Carries out one Graph command of the core and describes what Graph answered as the core's result
 * event. `startUserDeletion` and `pauseJob` are the job supervisor's, not this.
 */
export async function executeGraphCommand(command: Exclude<GraphCommand, { type: 'startUserDeletion' | 'pauseJob' }>, ctx: GraphCommandContext): Promise<Result> {
  switch (command.type) {
    case 'readInventory': {
      const counts = await ctx.directory.inventoryCounts();
      return { type: 'inventoryRead', users: counts.users, subscriptions: counts.subscriptions, applications: counts.applications };
    }
    case 'exportBackup': {
      const backup = await ctx.exportBackup(command.exportId);
      return { type: 'backupExported', exportId: command.exportId, rows: backup.rows };
    }
    case 'previewUsers': {
      const set = await ctx.recordUsers(command.setId);
      const preview = await ctx.ops.previewUsers(command.keepUserId, (ids) => set.add(ids));
      const approvedSet = await set.commit();
      return { type: 'usersPreviewed', ...preview, toDelete: approvedSet.count, approvedSet };
    }
    case 'disableSync': {
      const organization = await ctx.directory.organization();
      await ctx.ops.disableDirectorySync(organization.id);
      return { type: 'syncDisableRequested' };
    }
    case 'readSync': {
      const organization = await ctx.directory.organization();
      return { type: 'syncChecked', syncEnabled: organization.syncEnabled === true };
    }
    case 'verifyUsers':
      return { type: 'usersVerified', remaining: await ctx.ops.remainingUsers(command.keepUserId) };
    case 'restoreUsers':
      return { type: 'usersRestored', ...(await ctx.ops.restoreDeletedUsers()) };
    case 'readSubscriptions': {
      const subscriptions = await ctx.ops.subscriptions();
      return {
        type: 'subscriptionsRead',
        subscriptions: subscriptions.map((s) => ({
          id: s.id,
          skuId: s.skuId,
          skuPartNumber: s.skuPartNumber,
          status: s.status,
          nextLifecycleDateTime: s.nextLifecycleDateTime,
          isTrial: s.isTrial,
          partnerManaged: s.partnerManaged,
        })),
      };
    }
    case 'readMfa': {
      const report = await ctx.ops.mfaReport(command.keepUserId);
      return {
        type: 'mfaRead',
        usersWithMfa: report.usersWithMfa,
        usersChecked: report.usersChecked,
        usersUnreadable: report.usersUnreadable,
        securityDefaultsEnabled: report.securityDefaultsEnabled,
        caPolicies: report.conditionalAccessRequiringMfa,
      };
    }
    case 'disableUserMfa':
      return { type: 'mfaDisabled', ...(await ctx.ops.disablePerUserMfa(command.keepUserId)) };
    case 'disableSecurityDefaults':
      await ctx.ops.disableSecurityDefaults();
      return { type: 'securityDefaultsDisabled' };
    case 'disableCaPolicies':
      return { type: 'caPoliciesDisabled', ...(await ctx.ops.disableConditionalAccessPolicies(command.ids)) };
    case 'readBlockers': {
      const [report, azure] = await Promise.all([ctx.ops.blockers(command.keepUserId, ctx.tenantId), ctx.azure?.reader.read(ctx.tenantId, ctx.azure.userId)]);
      return { type: 'blockersRead', ...report, ...(azure ? { azure } : {}) };
    }
    case 'purgeDeletedUsers': {
      const result = await ctx.ops.purgeDeletedUsers();
      return { type: 'deletedUsersPurged', removed: result.purged, failed: result.failed, failures: result.failures };
    }
    case 'deleteApplications': {
      const result = await ctx.ops.deleteApplications();
      return { type: 'applicationsDeleted', removed: result.deleted, failed: result.failed, failures: result.failures };
    }
    case 'deleteServicePrincipals': {
      const result = await ctx.ops.deleteOwnedServicePrincipals(ctx.tenantId);
      return { type: 'servicePrincipalsDeleted', removed: result.deleted, failed: result.failed, failures: result.failures };
    }
  }
}
