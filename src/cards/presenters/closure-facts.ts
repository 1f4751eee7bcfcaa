import { CaPolicyFinding, ClosureView, SampleUser, SubscriptionSummary } from '../../core';
import { FORMAT_TAG, Locale } from '../../i18n/locale';
import { hasKey, t } from '../../i18n/translate';
import { productNames } from '../product-names';

export interface Fact {
  label: string;
  value: string;
}

/** Which evidence each step shows as facts, in order. Lists (samples, subscriptions, policies) are separate. */
const FACT_KEYS: Record<string, string[]> = {
  prepare: ['users', 'subscriptions', 'applications', 'backupRows', 'acknowledgedAt'],
  users: ['toDelete', 'appeared', 'kept', 'recycleBin', 'syncedUsers', 'remaining', 'restored'],
  cancelSubscriptions: ['total', 'open', 'checkedAt'],
  deleteSubscriptions: ['total', 'open', 'checkedAt'],
  mfa: ['usersChecked', 'usersUnreadable', 'usersWithMfa', 'securityDefaultsEnabled', 'checkedAt'],
  directory: ['remainingUsers', 'softDeletedUsers', 'subscriptionsNotDeprovisioned', 'applications', 'ownedServicePrincipals', 'syncEnabled', 'checkedAt'],
};

const SWITCHES = new Set(['securityDefaultsEnabled', 'syncEnabled']);

/**
 * What each step's read reports. When that read failed, these facts show as unknown: never the
 * previous answer as if current, never left out as if there were nothing to report.
 */
const READ_FACTS: Record<string, { command: string; keys: string[] }> = {
  prepare: { command: 'readInventory', keys: ['users', 'subscriptions', 'applications'] },
  users: { command: 'verifyUsers', keys: ['remaining'] },
  cancelSubscriptions: { command: 'readSubscriptions', keys: ['total', 'open', 'checkedAt'] },
  deleteSubscriptions: { command: 'readSubscriptions', keys: ['total', 'open', 'checkedAt'] },
  mfa: { command: 'readMfa', keys: ['usersChecked', 'usersWithMfa', 'securityDefaultsEnabled', 'checkedAt'] },
  directory: { command: 'readBlockers', keys: ['remainingUsers', 'softDeletedUsers', 'subscriptionsNotDeprovisioned', 'applications', 'ownedServicePrincipals', 'syncEnabled', 'checkedAt'] },
};

export function formatDate(locale: Locale, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toLocaleString(FORMAT_TAG[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
}

function formatValue(locale: Locale, key: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  // "0 accounts checked" is a fact only when no other account exists: say so, so it can't read as a failed read.
  if (key === 'usersChecked' && value === 0) return t(locale, 'closure.fact.noOtherAccount');
  // Only shown when some could not be read: those are unknown, not "without MFA".
  if (key === 'usersUnreadable' && value === 0) return undefined;
  if (typeof value === 'number') return value.toLocaleString(FORMAT_TAG[locale]);
  // A switch's on/off agrees in gender and number with its label (it: "Sincronizzazione … Disattivata").
  if (typeof value === 'boolean') return t(locale, SWITCHES.has(key) ? `closure.fact.state.${key}.${value ? 'on' : 'off'}` : value ? 'closure.fact.yes' : 'closure.fact.no');
  if (typeof value === 'string') return /^\d{4}-\d\d-\d\dT/.test(value) ? formatDate(locale, value) : value;
  if (typeof value === 'object' && 'displayName' in value) return String(value.displayName);
  return undefined;
}

/** The step's own read (inventory, subscriptions, MFA, blockers…) failed: what it would report is unknown. */
export function readFailed(view: ClosureView): boolean {
  const read = READ_FACTS[view.card.stepId];
  return read !== undefined && view.card.error?.command === read.command;
}

/** "Label: value" as each language punctuates it (French puts a space before the colon). */
export function listItem(locale: Locale, label: string, value: string): string {
  return t(locale, 'closure.list.item', { label, value });
}

/** The step's evidence as labelled, localized facts. */
export function stepFacts(locale: Locale, view: ClosureView): Fact[] {
  const evidence = view.card.facts as Record<string, unknown>;
  const source = view.card.stepId === 'directory' ? { ...(evidence.blockers as object | undefined), checkedAt: evidence.checkedAt } : evidence;
  const facts: Fact[] = [];
  const read = READ_FACTS[view.card.stepId];
  const unread = read && view.card.error?.command === read.command ? new Set(read.keys) : new Set<string>();
  // Step 5 lists its checks one by one (entra-check-lines.ts); its counts show here only as unknown, after a failed read.
  const keys = view.card.stepId === 'directory' && view.card.entraChecks.length > 0 ? ['checkedAt'] : (FACT_KEYS[view.card.stepId] ?? []);
  for (const key of keys) {
    const value = formatValue(locale, key, source[key]) ?? (unread.has(key) ? t(locale, 'closure.fact.unknown') : undefined);
    if (value !== undefined) facts.push({ label: t(locale, `closure.fact.${key}`), value });
  }
  return facts;
}

/** "Anna Verdi · admin role · guest": what the admin must notice before approving the deletion. */
function sampleLine(locale: Locale, user: SampleUser): string {
  if (typeof user === 'string') return user;
  return [user.name, user.admin ? t(locale, 'closure.list.adminRole') : undefined, user.guest ? t(locale, 'closure.list.guest') : undefined].filter(Boolean).join(' · ');
}

/** One Conditional Access policy requiring MFA: its name, how it requires MFA, and what the bot does about it. */
function caPolicyLine(locale: Locale, policy: CaPolicyFinding): string {
  const how = policy.requires === 'authenticationStrength' ? t(locale, 'closure.list.caPolicy.strength', { strength: policy.strength ?? '' }) : t(locale, 'closure.list.caPolicy.mfaControl');
  const key = policy.state === 'enabled' ? 'closure.list.caPolicy.enabled' : 'closure.list.caPolicy.reportOnly';
  return t(locale, key, { name: policy.displayName, how });
}

/**
 * A subscription by the name the admin center shows ("Microsoft 365 Business Premium (SPB)"), from
 * Microsoft's published table; a SKU the table doesn't name keeps its part number and says so.
 */
function productLabel(locale: Locale, sku: SubscriptionSummary): string {
  const name = productNames().nameOf(sku);
  return name ? t(locale, 'closure.list.product.named', { name, part: sku.skuPartNumber }) : t(locale, 'closure.list.product.unknown', { part: sku.skuPartNumber });
}

/** The bounded list a step shows under its facts, with its title. */
export function stepList(locale: Locale, view: ClosureView): { title: string; items: string[] } {
  const evidence = view.card.facts as Record<string, unknown>;
  switch (view.card.stepId) {
    case 'users':
      return view.card.phase === 'approve' ? { title: t(locale, 'closure.list.sample'), items: ((evidence.sample as SampleUser[] | undefined) ?? []).map((u) => sampleLine(locale, u)) } : { title: '', items: [] };
    case 'cancelSubscriptions':
    case 'deleteSubscriptions': {
      const items = (evidence.items as SubscriptionSummary[] | undefined) ?? [];
      return {
        title: t(locale, 'closure.list.subscriptions'),
        items: items.map((s) =>
          [
            listItem(locale, productLabel(locale, s), hasKey(locale, `closure.subscriptionStatus.${s.status}`) ? t(locale, `closure.subscriptionStatus.${s.status}`) : s.status),
            // What happens on that date, in words: "disabled · until <date>" left the admin guessing.
            s.nextLifecycleDateTime
              ? t(locale, `closure.list.nextLifecycle.${hasKey(locale, `closure.list.nextLifecycle.${s.status}`) ? s.status : 'other'}`, { date: formatDate(locale, s.nextLifecycleDateTime) })
              : undefined,
            s.isTrial ? t(locale, 'closure.list.trial') : undefined,
            s.partnerManaged ? t(locale, 'closure.list.partner') : undefined,
          ]
            .filter(Boolean)
            .join(' · '),
        ),
      };
    }
    case 'mfa': {
      const policies = evidence.caPolicies as CaPolicyFinding[] | undefined;
      // The step's text says each such policy is "listed below": when Graph found none, say so rather than show nothing.
      if (policies?.length === 0) return { title: t(locale, 'closure.list.caPolicies'), items: [t(locale, 'closure.list.caPolicy.none')] };
      return { title: t(locale, 'closure.list.caPolicies'), items: (policies ?? []).map((p) => caPolicyLine(locale, p)) };
    }
    default:
      return { title: '', items: [] };
  }
}
