import { closureCard } from '../../src/cards/presenters/closure.presenter';
import type { ClosureCardContext } from '../../src/closure';
import { helpCard, welcomeCard } from '../../src/cards/presenters/command-list.presenter';
import { noticeCard } from '../../src/cards/presenters/notice.presenter';
import { overviewCard } from '../../src/cards/presenters/overview.presenter';
import { stepHeading } from '../../src/closure';
import { AdaptiveCardJson } from '../../src/cards/render-card';
import { notice } from '../../src/closure';
import { CLOUD_PROFILES } from '../../src/config';
import { ClosureState, STEP_IDS } from '../../src/core';
import { viewOf } from '../../src/steps';
import { Locale } from '../../src/i18n';
import {
  atBackupAck,
  atCancelSubscriptions,
  atConfirm,
  atDeleteSubscriptions,
  atDirectory,
  atMfaReview,
  atUsersApprove,
  atUsersStart,
  click,
  deleting,
  jobId,
  NO_BLOCKERS,
  run,
  sub,
  sys,
  FINAL,
} from '../support/closure-fixtures';

/** Every kind of card the bot sends, in the states that carry the most on them: for whole-card checks. */
const links = CLOUD_PROFILES.public.links;

const STATES: Record<string, () => ClosureState> = {
  backup: atBackupAck,
  syncOff: () => atUsersStart({ syncEnabled: true }),
  usersApprove: atUsersApprove,
  deleting,
  jobFailed: () => {
    const s = deleting();
    return run(s, sys(s, { type: 'jobFailed', jobId: jobId(s), total: 41, done: 10, failed: 1, error: { code: 'ServiceUnavailable', message: 'The service is unavailable.', httpStatus: 503 } })).state;
  },
  cancelSubscriptions: () => {
    const s = atCancelSubscriptions();
    return run(s, sys(s, { type: 'subscriptionsRead', subscriptions: [sub('Enabled', 'SPB'), { ...sub('Enabled', 'EXCHANGESTANDARD'), isTrial: true }, { ...sub('Warning', 'ENTERPRISEPACK'), partnerManaged: true }] }))
      .state;
  },
  deleteSubscriptions: atDeleteSubscriptions,
  mfa: atMfaReview,
  directoryEverythingBlocks: () => {
    const s = atDirectory();
    return run(s, sys(s, { ...NO_BLOCKERS, remainingUsers: 2, softDeletedUsers: 41, applications: 3, ownedServicePrincipals: 2, subscriptionsNotDeprovisioned: 1, syncEnabled: true })).state;
  },
  confirm: atConfirm,
  completed: () => {
    const s = atConfirm();
    return run(s, click(s, 'closure.complete', FINAL)).state;
  },
};

export function cardGallery(locale: Locale): Record<string, AdaptiveCardJson> {
  const cards: Record<string, AdaptiveCardJson> = {
    welcome: welcomeCard(locale),
    help: helpCard(locale),
    refusal: noticeCard(locale, notice('attention', 'refusal.title', 'refusal.notGlobalAdmin')),
    consent: noticeCard(locale, { ...notice('warning', 'error.title', 'error.consentRequired'), link: { labelKey: 'error.grantConsent', url: 'https://login.microsoftonline.com/t/adminconsent?client_id=c' } }),
    stepDone: noticeCard(locale, notice('good', 'closure.notify.stepCompleted.title', 'closure.notify.stepCompleted.text', { step: stepHeading(locale, 'users') })),
    jobFinished: noticeCard(locale, notice('good', 'closure.notify.jobCompleted.title', 'closure.notify.jobCompleted.text', { done: 40, total: 41, failed: 1 })),
    overview: overviewCard(locale, {
      kind: 'overview',
      tenantId: 't',
      organization: 'Contoso',
      initialDomain: 'contoso.onmicrosoft.com',
      counts: { users: 1234, subscriptions: 3, applications: 2 },
      steps: STEP_IDS.map((id) => ({ id, status: 'notStarted' })),
      actions: [{ labelKey: 'overview.start', verb: 'closure.start', data: { tenantId: 't' }, primary: true }],
      fourEyes: 'offered',
    }),
    overviewFourEyesRequired: overviewCard(locale, {
      kind: 'overview',
      tenantId: 't',
      organization: 'Contoso',
      initialDomain: 'contoso.onmicrosoft.com',
      counts: { users: 1234, subscriptions: 3, applications: 2 },
      steps: STEP_IDS.map((id) => ({ id, status: 'notStarted' })),
      actions: [{ labelKey: 'overview.start', verb: 'closure.start', data: { tenantId: 't' }, primary: true }],
      fourEyes: 'required',
    }),
    secondApprovalRejected: noticeCard(locale, {
      ...notice('attention', 'closure.notify.secondApprovalRejected.title', 'closure.notify.secondApprovalRejected.text', { action: 'Delete users', step: stepHeading(locale, 'users'), approverName: 'Sam Second' }),
      quote: '1. Not yet: <b>legal hold</b> on [mail](https://example.com)',
    }),
  };
  for (const [name, state] of Object.entries(STATES)) {
    const s = state();
    const context: ClosureCardContext = {
      links,
      ...(name === 'backup' ? { backupLinks: { json: 'https://bot.example/backup.json', csv: 'https://bot.example/backup.csv' } } : {}),
      ...(s.status !== 'active' ? { audit: { entries: 12, valid: true } } : {}),
    };
    cards[name] = closureCard(locale, viewOf(s), context);
  }
  return cards;
}
