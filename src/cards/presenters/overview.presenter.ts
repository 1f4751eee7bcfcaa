import { OverviewReply } from '../../closure/replies';
import { FORMAT_TAG, Locale } from '../../i18n/locale';
import { t } from '../../steps/texts';
import { AdaptiveCardJson, renderCard } from '../render-card';
import { stepHeading } from '../../closure/step-heading';

export function overviewCard(locale: Locale, reply: OverviewReply): AdaptiveCardJson {
  const number = (n: number) => n.toLocaleString(FORMAT_TAG[locale]);
  return renderCard('overview', {
    title: t(locale, 'overview.title', { organization: reply.organization }),
    labels: {
      organization: t(locale, 'overview.organization'),
      initialDomain: t(locale, 'overview.initialDomain'),
      tenantId: t(locale, 'overview.tenantId'),
    },
    organization: reply.organization,
    initialDomain: reply.initialDomain,
    tenantId: reply.tenantId,
    removesTitle: t(locale, 'overview.removesTitle'),
    removes: [
      { label: t(locale, 'overview.users'), value: number(reply.counts.users) },
      { label: t(locale, 'overview.subscriptions'), value: number(reply.counts.subscriptions) },
      { label: t(locale, 'overview.applications'), value: number(reply.counts.applications) },
    ],
    stepsTitle: t(locale, 'overview.stepsTitle'),
    steps: reply.steps.map((s) => ({
      heading: stepHeading(locale, s.id),
      status: t(locale, `status.${s.status}`),
      done: s.status === 'done',
    })),
    note: reply.runningSince
      ? t(locale, 'overview.runningBy', {
          owner: reply.runningSince.owner,
          date: new Date(reply.runningSince.at).toLocaleString(FORMAT_TAG[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC',
        })
      : t(locale, 'overview.note'),
    ...(reply.fourEyes === 'offered' ? { fourEyesToggle: t(locale, 'overview.fourEyesToggle') } : {}),
    ...(reply.fourEyes === 'required' ? { fourEyesRequired: t(locale, 'overview.fourEyesRequired') } : {}),
    actions: reply.actions.map((a) => ({ title: t(locale, a.labelKey), verb: a.verb, data: a.data, style: a.primary ? 'positive' : 'default' })),
  });
}
