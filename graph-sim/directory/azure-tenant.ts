import { randomUUID } from 'node:crypto';

/** Subscription states as Microsoft.Resources 2022-12-01 defines them (SubscriptionState). */
export const ARM_SUBSCRIPTION_STATES = ['Enabled', 'Warned', 'PastDue', 'Disabled', 'Deleted'] as const;
export type ArmSubscriptionState = (typeof ARM_SUBSCRIPTION_STATES)[number];

export interface SimAzureSubscription {
  subscriptionId: string;
  displayName: string;
  state: ArmSubscriptionState;
  /** Users holding an Azure role on it: the only ones (besides elevated admins) who see it in GET /subscriptions. */
  roleHolders: Set<string>;
}

/**
 * The Azure side of one simulated tenant, as Resource Manager shows it: the bot's consent to Azure
 * Service Management, the admins with elevated access (User Access Administrator at "/"), and the
 * subscriptions. Starts with consent, nobody elevated and no subscription.
 */
export class AzureTenant {
  /** The tenant consented to the bot's `user_impersonation` on Azure Service Management. */
  consent = true;
  readonly elevated = new Set<string>();
  readonly subscriptions: SimAzureSubscription[] = [];
  /** When each elevation was made (the role assignment's createdOn). */
  readonly elevatedAt = new Map<string, string>();
}

/** What tests and the demo do in the Azure portal of a simulated tenant. */
export interface AzurePortal {
  /** Grants (true) or revokes (false) the bot's consent to Azure Service Management. */
  setArmConsent(granted: boolean): void;
  /** Entra admin center > Properties > "Access management for Azure resources" for this user. */
  setElevatedAccess(userId: string, on: boolean): void;
  /** A subscription; `roleHolders` see it without elevated access. Returns its id. */
  addSubscription(subscription: { displayName: string; state?: ArmSubscriptionState; roleHolders?: string[] }): string;
  setSubscriptionState(subscriptionId: string, state: ArmSubscriptionState): void;
  /** Gone for good (deleted and past retention, or moved to another directory). */
  removeSubscription(subscriptionId: string): void;
}

export function azurePortalFor(azure: AzureTenant): AzurePortal {
  const find = (id: string) => {
    const found = azure.subscriptions.find((s) => s.subscriptionId === id);
    if (!found) throw new Error(`No Azure subscription ${id}`);
    return found;
  };
  return {
    setArmConsent: (granted) => {
      azure.consent = granted;
    },
    setElevatedAccess: (userId, on) => {
      const id = userId.toLowerCase();
      if (on) {
        azure.elevated.add(id);
        azure.elevatedAt.set(id, new Date().toISOString());
      } else {
        azure.elevated.delete(id);
        azure.elevatedAt.delete(id);
      }
    },
    addSubscription: ({ displayName, state = 'Enabled', roleHolders = [] }) => {
      const subscriptionId = randomUUID();
      azure.subscriptions.push({ subscriptionId, displayName, state, roleHolders: new Set(roleHolders.map((r) => r.toLowerCase())) });
      return subscriptionId;
    },
    setSubscriptionState: (id, state) => {
      find(id).state = state;
    },
    removeSubscription: (id) => {
      azure.subscriptions.splice(azure.subscriptions.indexOf(find(id)), 1);
    },
  };
}
