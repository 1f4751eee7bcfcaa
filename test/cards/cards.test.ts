import { helpCard, welcomeCard } from '../../src/cards/presenters/command-list.presenter';
import { noticeCard } from '../../src/cards/presenters/notice.presenter';
import { overviewCard } from '../../src/cards/presenters/overview.presenter';
import { notice, OverviewReply } from '../../src/closure';
import { Locale, LOCALES } from '../../src/i18n';
import { closureCard } from '../../src/cards/presenters/closure.presenter';
import { CLOUD_PROFILES } from '../../src/config';
import { viewOf } from '../../src/steps';
import { atCancelSubscriptions, atUsersStart, click, run, sub, sys } from '../support/closure-fixtures';

const overview: OverviewReply = {
  kind: 'overview',
  tenantId: '11111111-2222-3333-4444-555555555555',
  organization: 'Contoso ${evil} Italia',
  initialDomain: 'contosoitalia.onmicrosoft.com',
  counts: { users: 1234, subscriptions: 3, applications: 2 },
  steps: [
    { id: 'prepare', status: 'done' },
    { id: 'users', status: 'active' },
    { id: 'cancelSubscriptions', status: 'locked' },
  ],
  actions: [{ labelKey: 'overview.start', verb: 'closure.start', data: { tenantId: 't' }, primary: true }],
};

/** Every string in a rendered card, so tests can look for leftovers of the template language. */
function strings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (node && typeof node === 'object') return Object.values(node).flatMap(strings);
  return [];
}

describe.each(LOCALES)('cards in %s', (locale: Locale) => {
  const cards = {
    welcome: welcomeCard(locale),
    help: helpCard(locale),
    notice: noticeCard(locale, notice('attention', 'refusal.title', 'refusal.notGlobalAdmin')),
    overview: overviewCard(locale, overview),
  };

  it.each(Object.keys(cards))('%s is an Adaptive Card 1.5 with every binding resolved', (name) => {
    const card = cards[name as keyof typeof cards];
    expect(card.type).toBe('AdaptiveCard');
    expect(card.version).toBe('1.5');
    const leftovers = strings(card).filter((s) => s.includes('${') && !s.includes('${evil}'));
    expect(leftovers).toEqual([]);
    expect(strings(card).filter((s) => /^(welcome|help|overview|refusal|steps|status|error|commands)\.[a-zA-Z.]+$/.test(s))).toEqual([]);
  });

  it('the overview shows the counts, the steps and a Start button carrying the verb', () => {
    const card = cards.overview as unknown as { actions: Array<{ type: string; verb: string; data: unknown }> };
    const text = strings(card).join('\n');
    expect(text).toContain('contosoitalia.onmicrosoft.com');
    expect(text).toMatch(/1[,.\u202f ]?234/);
    expect(card.actions).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: 'closure.start', data: { tenantId: 't' } })]);
  });

  it('treats user data as data: a template expression in a name is shown, not evaluated', () => {
    expect(strings(cards.overview).some((s) => s.includes('Contoso ${evil} Italia'))).toBe(true);
  });
});

it('speaks each language', () => {
  const titles = LOCALES.map((l) => (noticeCard(l, notice('attention', 'refusal.title', 'refusal.notGlobalAdmin')).body as Array<{ text: string }>)[0].text);
  expect(new Set(titles).size).toBe(3);
});

describe('the step status line says who the step waits for', () => {
  const waitingOnSubscriptions = () => {
    const s = atCancelSubscriptions();
    return run(s, sys(s, { type: 'subscriptionsRead', subscriptions: [sub('Enabled')] })).state;
  };
  const waitingOnSync = () => {
    let s = atUsersStart({ syncEnabled: true });
    s = run(s, click(s, 'closure.disableSync')).state;
    return run(s, sys(s, { type: 'syncDisableRequested' })).state;
  };

  it.each([
    ['a subscription still to cancel in the admin center', waitingOnSubscriptions, 'Your action is needed'],
    ['directory sync still turning off', waitingOnSync, 'Waiting for Microsoft'],
  ])('%s', (_case, state, expected) => {
    expect(strings(closureCard('en', viewOf(state()), { links: CLOUD_PROFILES.public.links }))).toContain(expected);
  });
});

describe.each(LOCALES)('a notice with a link in %s', (locale: Locale) => {
  it('renders one Action.OpenUrl with the translated label, and none without a link', () => {
    const url = 'https://login.microsoftonline.com/t/adminconsent?client_id=c';
    const card = noticeCard(locale, { ...notice('warning', 'error.title', 'error.consentRequired'), link: { labelKey: 'error.grantConsent', url } });
    const actions = card.actions as Array<{ type: string; title: string; url: string }>;
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ type: 'Action.OpenUrl', url });
    expect(actions[0].title).not.toMatch(/error\.|\$\{/);
    expect(noticeCard(locale, notice('warning', 'error.title', 'error.signInRequired')).actions ?? []).toEqual([]);
  });
});
