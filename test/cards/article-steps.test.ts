import { closureCard } from '../../src/cards/presenters/closure.presenter';
import { noticeCard } from '../../src/cards/presenters/notice.presenter';
import { overviewCard } from '../../src/cards/presenters/overview.presenter';
import { stepHeading } from '../../src/closure';
import { notice } from '../../src/closure';
import { CLOUD_PROFILES } from '../../src/config';
import { ClosureState, STEP_IDS } from '../../src/core';
import { viewOf } from '../../src/steps';
import { LOCALES } from '../../src/i18n';
import { articleSteps as auditLegend } from '../../scripts/audit-export';
import { articleDisagreements, articleSteps } from '../support/article-steps';
import { atBackupAck, atCancelSubscriptions, atConfirm, atDeleteSubscriptions, atDirectory, atMfaReview, atUsersApprove, atUsersStart, click, deleting, run, FINAL } from '../support/closure-fixtures';

/**
 * Every card names the steps as Microsoft's article does, in every language: the expected numbers and
 * titles come from the vendored article headings, not from the catalogs under test.
 */
const links = CLOUD_PROFILES.public.links;

const STATES: Array<[string, () => ClosureState]> = [
  ['before you begin (backup)', atBackupAck],
  ['step 1: sync check', () => atUsersStart({ syncEnabled: true })],
  ['step 1: approval', atUsersApprove],
  ['step 1: deleting', deleting],
  ['step 2', atCancelSubscriptions],
  ['step 3', atDeleteSubscriptions],
  ['step 4', atMfaReview],
  ['step 5', atDirectory],
  ['step 5: confirmation', atConfirm],
  [
    'summary',
    () => {
      const s = atConfirm();
      return run(s, click(s, 'closure.complete', FINAL)).state;
    },
  ],
];

it('parses five numbered steps and "Before you begin" from each vendored article', () => {
  for (const locale of LOCALES) {
    const article = articleSteps(locale);
    expect(Object.keys(article.titles).map(Number)).toEqual([1, 2, 3, 4, 5]);
    expect(article.beforeYouBegin).not.toBe('');
  }
  expect(articleSteps('en').titles[5]).toBe('Delete the directory in Microsoft Entra ID');
  expect(articleSteps('it').word).toBe('Passaggio');
  expect(articleSteps('fr').word).toBe('Étape');
});

describe.each(LOCALES)('in %s', (locale) => {
  const article = articleSteps(locale);

  it.each(STATES)('the %s card agrees with the article', (_name, state) => {
    const card = closureCard(locale, viewOf(state()), { links });
    expect(articleDisagreements(card, locale)).toEqual([]);
  });

  it('numbers each step card "N of 5" with the article\'s title, and "Before you begin" with none', () => {
    const seen = STATES.map(([, state]) => closureCard(locale, viewOf(state()), { links }).body as Array<{ text: string }>);
    expect(seen[0][1].text).toBe(article.beforeYouBegin);
    expect(seen[0][0].text).toBe('Contoso');
    const numbered = seen.map((body) => new RegExp(`^${article.word} (\\d) \\p{L}+ 5 · Contoso$`, 'u').exec(body[0].text)?.[1]).filter(Boolean);
    expect([...new Set(numbered)]).toEqual(['1', '2', '3', '4', '5']);
  });

  it('the overview, the notices and the audit export name the steps the same way', () => {
    const overview = overviewCard(locale, {
      kind: 'overview',
      tenantId: 't',
      organization: 'Contoso',
      initialDomain: 'contoso.onmicrosoft.com',
      counts: { users: 1, subscriptions: 1, applications: 0 },
      steps: STEP_IDS.map((id) => ({ id, status: 'notStarted' })),
      actions: [],
    });
    expect(articleDisagreements(overview, locale)).toEqual([]);
    const text = JSON.stringify(overview);
    for (const n of [1, 2, 3, 4, 5]) expect(text).toContain(article.titles[n]);
    for (const id of STEP_IDS) {
      for (const kind of ['stepCompleted', 'stepUnblocked']) {
        const card = noticeCard(locale, notice('good', `closure.notify.${kind}.title`, `closure.notify.${kind}.text`, { step: stepHeading(locale, id) }));
        expect(articleDisagreements(card, locale)).toEqual([]);
      }
    }
  });
});

it('the audit export names each step id as the English article does', () => {
  const article = articleSteps('en');
  expect(auditLegend()).toEqual({
    prepare: article.beforeYouBegin,
    users: `Step 1: ${article.titles[1]}`,
    cancelSubscriptions: `Step 2: ${article.titles[2]}`,
    deleteSubscriptions: `Step 3: ${article.titles[3]}`,
    mfa: `Step 4: ${article.titles[4]}`,
    directory: `Step 5: ${article.titles[5]}`,
  });
});

describe('the check itself', () => {
  const card = (label: string, title: string, extra = '') => ({ type: 'AdaptiveCard', body: [{ text: label }, { text: title }, { text: extra }] });

  it('fails on a number the article gives another step, a wrong total, and a numbered "Before you begin"', () => {
    expect(articleDisagreements(card('Step 2 of 6 · Contoso', 'Delete users'), 'en')).toHaveLength(2);
    expect(articleDisagreements(card('Passaggio 1 di 5 · C', 'Eliminare gli utenti'), 'it')).toEqual([]);
    expect(articleDisagreements(card('Step 1 of 6 · C', 'Before you begin'), 'en')).not.toEqual([]);
    expect(articleDisagreements(card('Fabrikam 42', 'Before you begin'), 'en')).toEqual([]);
    expect(articleDisagreements(card('C', 'Avant de commencer', "Revenir à l'étape 2 : supprimer les utilisateurs"), 'fr')).not.toEqual([]);
    expect(articleDisagreements(card('C', 'x', 'Step 6: Delete the organization'), 'en')).not.toEqual([]);
  });
});
