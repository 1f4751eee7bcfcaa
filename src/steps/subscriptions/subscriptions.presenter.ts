import { ClosureView, SubscriptionSummary } from '../../core';
import { Locale } from '../../i18n/locale';
import { hasKey, listItem, t } from '../texts';
import { formatDate } from '../../i18n/format-date';
import { productNames } from './product-names.presenter';
import { StepPresenter } from '../step.presenter';

/**
 * A subscription by the name the admin center shows ("Microsoft 365 Business Premium (SPB)"), from
 * Microsoft's published table; a SKU the table doesn't name keeps its part number and says so.
 */
function productLabel(locale: Locale, sku: SubscriptionSummary): string {
  const name = productNames().nameOf(sku);
  return name ? t(locale, 'closure.list.product.named', { name, part: sku.skuPartNumber }) : t(locale, 'closure.list.product.unknown', { part: sku.skuPartNumber });
}

/** Each subscription with its status, what happens on its next lifecycle date, and whether it is a trial or partner-managed. */
function subscriptionList(locale: Locale, view: ClosureView): { title: string; items: string[] } {
  const evidence = view.card.facts as Record<string, unknown>;
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

/** Steps 2 and 3: the subscriptions still open, read from Microsoft's commerce data. */
export const subscriptionsPresenter: StepPresenter = {
  card: 'subscriptions',
  facts: ['total', 'open', 'checkedAt'],
  read: { command: 'readSubscriptions', keys: ['total', 'open', 'checkedAt'] },
  list: subscriptionList,
};
