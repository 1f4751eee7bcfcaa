import type { DirectoryEvidence } from '../../core/directory-evidence';
import type { EntraCheck } from '../../core/entra-check';
import { ENTRA_CHECK_IDS, EntraCheckId } from '../../core/entra-check-ids';

export { ENTRA_CHECK_IDS } from '../../core/entra-check-ids';
export type { CheckConfirmation, EntraCheckId } from '../../core/entra-check-ids';
export type { CannotSeeReason, EntraCheck, EntraCheckState } from '../../core/entra-check';

const LINK: Record<EntraCheckId, string> = {
  users: 'adminCenter.activeUsers',
  directorySync: 'entra.home',
  applications: 'entra.appRegistrations',
  servicePrincipals: 'entra.enterpriseApps',
  softDeletedUsers: 'adminCenter.deletedUsers',
  m365Subscriptions: 'adminCenter.yourProducts',
  azureSubscriptions: 'azure.subscriptions',
  selfServiceProducts: 'entra.selfServiceProducts',
  mfaProviders: 'azure.mfaProviders',
  unpaidInvoices: 'adminCenter.bills',
};

function counted(id: EntraCheckId, count: number, names?: string[]): EntraCheck {
  return { id, state: count > 0 ? 'blocked' : 'clear', link: LINK[id], count, ...(count > 0 && names?.length ? { names } : {}) };
}

/**
 * The checks as the last report shows them; none when there is no current report (a read failed or
 * none was made yet): a check the bot could not read is unknown, not clear, and the card asks to
 * check again. A confirmation counts only for a check that is still one the admin must confirm.
 */
export function entraChecks(evidence: DirectoryEvidence): EntraCheck[] {
  const b = evidence.blockers;
  if (!b) return [];
  const confirmations = evidence.confirmations ?? {};
  const checks: EntraCheck[] = [
    counted('users', b.remainingUsers),
    { id: 'directorySync', state: b.syncEnabled ? 'blocked' : 'clear', link: LINK.directorySync },
    counted('applications', b.applications, b.applicationNames),
    counted('servicePrincipals', b.ownedServicePrincipals, b.servicePrincipalNames),
    { id: 'softDeletedUsers', state: b.softDeletedUsers > 0 ? 'mayBlock' : 'clear', count: b.softDeletedUsers, link: LINK.softDeletedUsers },
    counted('m365Subscriptions', b.subscriptionsNotDeprovisioned),
    azureCheck(b.azure),
    { id: 'selfServiceProducts', state: 'cannotSee', reason: 'noApi', link: LINK.selfServiceProducts },
    { id: 'mfaProviders', state: 'cannotSee', reason: 'noApi', link: LINK.mfaProviders },
    { id: 'unpaidInvoices', state: 'cannotSee', reason: 'noApi', link: LINK.unpaidInvoices },
  ];
  return checks.map((c) => (needsConfirmation(c) && confirmations[c.id] ? { ...c, confirmed: confirmations[c.id] } : c));
}

/**
 * Azure subscriptions block the deletion active or cancelled (graph-api.md §6.1): every subscription
 * ARM still lists, whatever its state (Enabled, Warned, PastDue, Disabled, or Deleted and not yet
 * gone), is associated with the directory and blocks. An empty list is clear only when the admin
 * holds elevated access at the root scope, which sees every subscription; otherwise it proves nothing.
 */
function azureCheck(azure: NonNullable<DirectoryEvidence['blockers']>['azure']): EntraCheck {
  const link = LINK.azureSubscriptions;
  if (!azure) return { id: 'azureSubscriptions', state: 'cannotSee', reason: 'noConsent', link };
  if (!azure.read) return { id: 'azureSubscriptions', state: 'cannotSee', reason: azure.reason, link };
  if (azure.count > 0) return { id: 'azureSubscriptions', state: 'blocked', count: azure.count, names: azure.names, states: azure.states, link };
  if (!azure.elevated) return { id: 'azureSubscriptions', state: 'cannotSee', reason: 'notElevated', count: 0, link };
  return { id: 'azureSubscriptions', state: 'clear', count: 0, link };
}

/** A check the admin must confirm by hand before the final click: one the bot cannot see, or one that may block. */
export function needsConfirmation(check: EntraCheck): boolean {
  return check.state === 'cannotSee' || check.state === 'mayBlock';
}

/** What is still open for the admin's own confirmation. */
export function unconfirmed(checks: EntraCheck[]): EntraCheckId[] {
  return checks.filter((c) => needsConfirmation(c) && !c.confirmed).map((c) => c.id);
}

export function anyBlocked(checks: EntraCheck[]): boolean {
  return checks.some((c) => c.state === 'blocked');
}

/**
 * "Ready to delete": a current report in which every check is verified clear or confirmed by the
 * admin. Never while one is blocked, unknown (no report) or waits for the admin's confirmation.
 */
export function readyToDelete(checks: EntraCheck[]): boolean {
  return checks.length === ENTRA_CHECK_IDS.length && checks.every((c) => c.state === 'clear' || (needsConfirmation(c) && c.confirmed !== undefined));
}
