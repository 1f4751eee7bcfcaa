/**
 * What Azure Resource Manager shows of the tenant's Azure subscriptions, read with the acting admin's
 * delegated token (Azure Service Management's `user_impersonation`). Implemented over ARM
 * (src/azure/); faked in unit tests. Never throws: whatever keeps the bot from reading is a reason
 * the check cannot be made, which the admin then confirms by hand.
 */
export interface AzureSubscriptionsReader {
  read(tenantId: string, userId: string): Promise<AzureSubscriptionsFinding>;
}

/**
 * `read`: ARM answered. A Global Administrator sees only the subscriptions where they hold an Azure
 * role, so an empty list proves nothing unless `elevated` (User Access Administrator at the root
 * scope "/", which sees every subscription of the tenant).
 * `unreadable`: no token, no consent, or a token ARM does not take (`noConsent`: 401), ARM refused the request (`refused`: 403),
 * or ARM failed otherwise (`failed`: 5xx, network, an answer that is not ARM's).
 */
export type AzureSubscriptionsFinding =
  { read: true; count: number; names: string[]; states: Record<string, number>; elevated: boolean } | { read: false; reason: 'noConsent' | 'refused' | 'failed'; status?: number; code?: string };
