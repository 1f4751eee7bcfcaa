import { ClosureView, REASON_LIMIT } from '../../core';
import { CloudProfile } from '../../config/clouds';
import { FORMAT_TAG, Locale } from '../../i18n/locale';
import { hasKey, t } from '../../steps/texts';
import type { ClosureCardContext } from '../../closure/replies';
import { AdaptiveCardJson, renderStepCard } from '../render-card';
import { formatDate, readFailed, stepCardPart, stepFacts, stepList, stepNotes } from './closure-facts';
import { consentHelps, failureMessage } from './failure-message';
import { entraCheckLines, entraCheckToggles } from '../../steps/directory/entra-check-lines.presenter';
import { stepNumberLabel } from '../../closure/step-heading';

const LINK_URLS: Record<string, (links: CloudProfile['links']) => string> = {
  'adminCenter.activeUsers': (l) => l.activeUsers,
  'adminCenter.yourProducts': (l) => l.subscriptions,
  'entra.perUserMfa': (l) => l.perUserMfa,
  'entra.manageTenants': (l) => l.manageTenants,
  'entra.selfServiceProducts': (l) => l.selfServiceSignUpProducts,
  'azure.subscriptions': (l) => l.azureSubscriptions,
  'azure.mfaProviders': (l) => l.mfaProviders,
  'adminCenter.bills': (l) => l.billsAndPayments,
  'adminCenter.deletedUsers': (l) => l.deletedUsers,
  'entra.home': (l) => l.entraAdminCenter,
  'entra.appRegistrations': (l) => l.appRegistrations,
  'entra.enterpriseApps': (l) => l.enterpriseApps,
};

/** The current step of a closure as an Adaptive Card, in the admin's language. */
export function closureCard(locale: Locale, view: ClosureView, context: ClosureCardContext): AdaptiveCardJson {
  if (view.status !== 'active') return finishedCard(locale, view, context);
  const { card } = view;
  const paragraphs: Array<{ kind: string; text: string; quote?: string }> = [];
  if (context.notice) paragraphs.push(noticeParagraph(locale, context.notice));
  // When the step's own read failed, its phase text would state a result nobody read ("Nothing … blocks
  // the deletion any more") or a read under way: the failure below says what happened instead.
  if (!readFailed(view)) paragraphs.push({ kind: 'default', text: t(locale, card.bodyKey, { domain: view.tenant.initialDomain }) });
  if (card.error) {
    const message = failureMessage(locale, card.error, 'closure.commandError');
    paragraphs.push({ kind: 'attention', text: t(locale, message.key, message.params) });
  }
  const offerConsent = card.error !== undefined && consentHelps(card.error) && context.consentUrl !== undefined;
  paragraphs.push(...stepNotes(locale, view));
  // What holds this step open comes before what the other buttons do.
  if (holdsStepOpenByTrial(view)) paragraphs.push({ kind: 'default', text: t(locale, 'closure.hint.trialsHoldStep') });
  // A button whose effect is not obvious from its label says what it does, and what it ends, before the click.
  for (const action of view.actions) {
    const hint = `closure.hint.${action.verb.slice('closure.'.length)}`;
    if (hasKey(locale, hint)) paragraphs.push({ kind: action.style === 'destructive' ? 'warning' : 'default', text: t(locale, hint) });
  }
  const list = card.stepId === 'directory' ? { title: t(locale, 'closure.check.title'), items: entraCheckLines(locale, view, (key) => LINK_URLS[key]?.(context.links)) } : stepList(locale, view);
  const needsDomain = view.actions.some((a) => a.input === 'initialDomain');
  // Four eyes: the second admin's Reject sends a reason (checked again on the server).
  const needsReason = view.actions.some((a) => a.verb === 'closure.secondReject');
  const links = [
    ...(context.backupLinks
      ? [
          { title: t(locale, 'closure.action.downloadJson'), url: context.backupLinks.json },
          { title: t(locale, 'closure.action.downloadCsv'), url: context.backupLinks.csv },
        ]
      : []),
    ...(offerConsent ? [{ title: t(locale, 'error.grantConsent'), url: context.consentUrl! }] : []),
    ...card.links.filter((key) => LINK_URLS[key]).map((key) => ({ title: t(locale, `closure.link.${key}`), url: LINK_URLS[key](context.links) })),
  ];
  // After a permanent failure the admin fixes something first: "Check again", not "Try again".
  const retryKey = card.error?.kind && card.error.kind !== 'transient' ? 'closure.action.checkAgain' : undefined;
  return renderStepCard(stepCardPart(view), {
    stepLabel: stepLabel(locale, view),
    title: t(locale, card.titleKey),
    status: t(locale, statusKey(view)),
    tone: card.error ? 'attention' : card.status === 'done' ? 'good' : card.status === 'waiting' ? 'warning' : 'default',
    paragraphs,
    facts: stepFacts(locale, view),
    // A new approval is not the last job's run: its finished bar would read as this deletion's progress.
    progress: card.progress && card.phase !== 'approve' ? progressOf(locale, card.progress) : undefined,
    listTitle: list.title,
    list: list.items,
    toggles: entraCheckToggles(locale, view),
    confirm: needsDomain
      ? {
          label: t(locale, 'closure.confirm.label', { domain: view.tenant.initialDomain }),
          placeholder: t(locale, 'closure.confirm.placeholder', { domain: view.tenant.initialDomain }),
          error: t(locale, 'closure.confirm.error', { domain: view.tenant.initialDomain }),
        }
      : undefined,
    reasonInput: needsReason
      ? {
          label: t(locale, 'closure.fourEyes.reasonLabel', { requesterName: context.notice?.params?.requesterName ?? '' }),
          placeholder: t(locale, 'closure.fourEyes.reasonPlaceholder'),
          error: t(locale, 'closure.fourEyes.reasonError', { max: REASON_LIMIT }),
          max: REASON_LIMIT,
        }
      : undefined,
    links,
    actions: view.actions.map((a) => ({
      title: t(locale, a.verb === 'closure.retry' && retryKey ? retryKey : a.labelKey),
      verb: a.verb,
      data: a.data,
      style: a.style,
      withInput: a.input === 'initialDomain' || a.verb === 'closure.secondReject',
    })),
  });
}

/** A notice above the card; someone's own words (a rejection's reason) follow it as plain text. */
function noticeParagraph(locale: Locale, notice: NonNullable<ClosureCardContext['notice']>): { kind: string; text: string; quote?: string } {
  return { kind: notice.tone, text: t(locale, notice.key, notice.params), ...(notice.quote ? { quote: notice.quote } : {}) };
}

/** "Step 1 of 5 · Contoso"; "Before you begin" carries no number, so its label is the organization alone. */
function stepLabel(locale: Locale, view: ClosureView): string {
  const number = stepNumberLabel(locale, view.card.stepId);
  return number === undefined ? view.tenant.displayName : t(locale, 'closure.stepLabel', { step: number, organization: view.tenant.displayName });
}

/** An active trial keeps Step 2 open until it ends by itself: the card must say so. */
function holdsStepOpenByTrial(view: ClosureView): boolean {
  if (view.card.stepId !== 'cancelSubscriptions') return false;
  const items = (view.card.facts as { items?: Array<{ status: string; isTrial: boolean }> }).items ?? [];
  return items.some((s) => s.isTrial && (s.status === 'Enabled' || s.status === 'Warning'));
}

/**
 * A step that waits for the admin says so: "waiting for Microsoft" would mislead, and so would "In
 * progress" on a card that waits for the admin's approval, choice or "Check again" (status active).
 */
function statusKey(view: ClosureView): string {
  return view.card.waitingFor === 'admin' || view.card.status === 'active' ? 'status.actionNeeded' : `status.${view.card.status}`;
}

function progressOf(locale: Locale, progress: NonNullable<ClosureView['card']['progress']>) {
  const finished = progress.done + progress.failed;
  const percent = progress.total > 0 ? Math.min(100, Math.round((finished / progress.total) * 100)) : 100;
  return {
    // Column weights must be positive: keep 1 on each side so both columns render.
    doneWeight: String(Math.max(1, percent)),
    leftWeight: String(Math.max(1, 100 - percent)),
    caption: [
      `${t(locale, 'closure.progress.caption', { done: progress.done, total: progress.total, failed: progress.failed })} · ${percent.toLocaleString(FORMAT_TAG[locale])} %`,
      progress.ratePerSecond !== undefined && progress.etaSeconds !== undefined
        ? t(locale, 'closure.progress.rate', { rate: Math.round(progress.ratePerSecond * 10) / 10, eta: duration(locale, progress.etaSeconds) })
        : undefined,
    ]
      .filter(Boolean)
      .join(' · '),
  };
}

/** "about 4 min" in the admin's language (Intl does the words). */
function duration(locale: Locale, seconds: number): string {
  const format = (value: number, unit: 'second' | 'minute' | 'hour') => new Intl.NumberFormat(FORMAT_TAG[locale], { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 0 }).format(value);
  if (seconds < 90) return format(Math.max(1, Math.round(seconds)), 'second');
  if (seconds < 90 * 60) return format(Math.round(seconds / 60), 'minute');
  return format(Math.round(seconds / 3600), 'hour');
}

function finishedCard(locale: Locale, view: ClosureView, context: ClosureCardContext): AdaptiveCardJson {
  const completed = view.status === 'completed';
  const summary = view.card.summary ?? {};
  const paragraphs = [
    ...(context.notice ? [noticeParagraph(locale, context.notice)] : []),
    { kind: completed ? 'good' : 'default', text: t(locale, completed ? 'closure.finished.completedText' : 'closure.finished.cancelledText') },
    // "Ready to delete" only when every Entra check was verified clear or confirmed by the admin.
    ...(completed && view.card.readyToDelete ? [{ kind: 'good', text: t(locale, 'closure.check.ready') }] : []),
  ];
  return renderStepCard('summary', {
    stepLabel: view.tenant.displayName,
    title: t(locale, completed ? 'closure.finished.completed' : 'closure.finished.cancelled'),
    status: t(locale, completed ? 'status.done' : 'status.cancelled'),
    tone: completed ? 'good' : 'warning',
    paragraphs,
    facts: [
      ...Object.entries(summary)
        .filter(([, v]) => v !== '')
        .map(([key, value]) => ({
          label: t(locale, `closure.summary.${key}`),
          value: typeof value === 'number' ? value.toLocaleString(FORMAT_TAG[locale]) : /^\d{4}-\d\d-\d\dT/.test(value) ? formatDate(locale, value) : value,
        })),
      ...(context.audit
        ? [
            { label: t(locale, 'closure.summary.auditEntries'), value: context.audit.entries.toLocaleString(FORMAT_TAG[locale]) },
            { label: t(locale, 'closure.summary.auditValid'), value: t(locale, context.audit.valid ? 'closure.fact.yes' : 'closure.fact.no') },
          ]
        : []),
    ],
    ...(completed && view.card.stepId === 'directory' && view.card.entraChecks.length > 0
      ? { listTitle: t(locale, 'closure.check.title'), list: entraCheckLines(locale, view, (key) => LINK_URLS[key]?.(context.links)) }
      : { listTitle: '', list: [] }),
    toggles: [],
    links: completed ? [{ title: t(locale, 'closure.link.entra.manageTenants'), url: context.links.manageTenants }] : [],
    actions: [],
  });
}
