/**
 * Every check of Entra's "Delete tenant" (graph-api.md §6.1), in the order the card lists them. The
 * bot verifies the first ones through Graph and Azure Resource Manager; the last three no API shows,
 * so the admin confirms them by hand.
 */
export const ENTRA_CHECK_IDS = [
  'users',
  'directorySync',
  'applications',
  'servicePrincipals',
  'softDeletedUsers',
  'm365Subscriptions',
  'azureSubscriptions',
  'selfServiceProducts',
  'mfaProviders',
  'unpaidInvoices',
] as const;
export type EntraCheckId = (typeof ENTRA_CHECK_IDS)[number];

/** A check the admin confirmed by hand: who and when, as the server saw the click. Never "verified". */
export interface CheckConfirmation {
  by: { aadObjectId: string; name: string };
  at: string;
}
