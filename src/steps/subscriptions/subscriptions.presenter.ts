import { ClosureView } from '../../core';
import { Locale } from '../../i18n/locale';
import { hasKey, t } from '../../i18n/translate';
import { formatDate } from '../../i18n/format-date';
import { StepPresenter } from '../step.presenter';

/** Each subscription with its status, what happens on its next lifecycle date, and whether it is a trial or partner-managed. */
function subscriptionList(locale: Locale, view: ClosureView): { title: string; items: string[] } {
  const evidence = view.card.facts as Record<string, unknown>;
  const items = (evidence.items as Array<{ skuPartNumber: string; status: string; nextLifecycleDateTime?: string; isTrial: boolean; partnerManaged: boolean }> | undefined) ?? [];
  return {
    title: t(locale, 'closure.list.subscriptions'),
    items: items.map((s) =>
      [
        `${s.skuPartNumber}: ${hasKey(locale, `closure.subscriptionStatus.${s.status}`) ? t(locale, `closure.subscriptionStatus.${s.status}`) : s.status}`,
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
  facts: ['total', 'open', 'checkedAt'],
  read: { command: 'readSubscriptions', keys: ['total', 'open', 'checkedAt'] },
  list: subscriptionList,
};
