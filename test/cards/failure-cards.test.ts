import { closureCard } from '../../src/cards/presenters/closure.presenter';
import { consentCard } from '../../src/cards/presenters/consent.presenter';
import { CLOUD_PROFILES } from '../../src/config';
import { viewOf } from '../../src/steps';
import { declaredScopes } from '../../src/ports';
import { Locale, LOCALES } from '../../src/i18n';
import { hasKey, t } from '../../src/steps/texts';
import { cardText, openUrlActions } from '../support/teams-activity';
import { at, atConfirm, atMfa, click, MFA_REPORT, run, sys } from '../support/closure-fixtures';
import { DENIED } from '../support/failed-reads';

const links = CLOUD_PROFILES.public.links;
const CONSENT_URL = 'https://login.microsoftonline.com/t/v2.0/adminconsent?client_id=c';
const FEW_MINUTES = /few minutes|qualche minuto|quelques minutes/;

/** Step 5 after "check again" was refused with a 403. */
function refusedRecheck() {
  let s = atConfirm();
  s = run(s, click(s, 'closure.checkAgain'), at(5)).state;
  return run(s, sys(s, { type: 'commandFailed', command: 'readBlockers', error: DENIED }), at(6)).state;
}

describe.each(LOCALES)('failure cards in %s', (locale: Locale) => {
  it('step 5 refused with a 403: the permission is named, the counts and "last checked" show as unknown, the consent page and "Check again" are offered', () => {
    const card = closureCard(locale, viewOf(refusedRecheck()), { links, consentUrl: CONSENT_URL });
    const text = cardText(card);
    expect(text).toContain('GET /applications');
    expect(text).toContain('Application.ReadWrite.All');
    expect(text).not.toMatch(FEW_MINUTES);
    // No count is shown as current: every blocker fact is unknown, and no date is left.
    const unknown = { en: 'Unknown', it: 'Sconosciuto', fr: 'Inconnu' }[locale];
    expect(text.split(unknown).length - 1).toBe(7);
    expect(text).not.toMatch(/20\d\d/);
    const actions = card.actions as Array<{ type: string; title: string; url?: string; verb?: string }>;
    // Link buttons sit in an ActionSet in the body (Teams shows at most 6 card actions).
    expect(openUrlActions(card).find((a) => a.url === CONSENT_URL)).toBeDefined();
    expect(actions.find((a) => a.verb === 'closure.retry')?.title).toBe({ en: 'Check again', it: 'Verifica di nuovo', fr: 'Vérifier à nouveau' }[locale]);
    expect(actions.map((a) => a.verb)).not.toContain('closure.complete');
  });

  it('step 4 names each policy requiring MFA, how, and what the bot does about it', () => {
    const s = atMfa();
    const review = run(
      s,
      sys(s, {
        ...MFA_REPORT,
        caPolicies: [
          { id: 'ca-1', displayName: 'Require MFA for admins', state: 'enabled', requires: 'mfaControl' },
          { id: 'ca-2', displayName: 'Phishing-resistant MFA for admins', state: 'enabled', requires: 'authenticationStrength', strength: 'Phishing-resistant MFA' },
          { id: 'ca-3', displayName: 'Passwordless pilot', state: 'enabledForReportingButNotEnforced', requires: 'authenticationStrength', strength: 'Passwordless MFA' },
        ],
      }),
    ).state;
    const text = cardText(closureCard(locale, viewOf(review), { links }));
    const lines = text.split('\n');
    const line = (name: string) => lines.find((l) => l.includes(name)) ?? '';
    expect(line('Require MFA for admins')).toMatch({ en: /enforced.*turn it off/, it: /applicato.*disattivo/, fr: /appliquée.*désactive/ }[locale]);
    expect(line('Phishing-resistant MFA for admins')).toContain(locale === 'fr' ? '« Phishing-resistant MFA »' : '"Phishing-resistant MFA"');
    expect(line('Passwordless pilot')).toMatch({ en: /report-only.*"Passwordless MFA".*leave it alone/, it: /solo report.*"Passwordless MFA".*lascio/, fr: /rapport uniquement.*« Passwordless MFA ».*laisse/ }[locale]);
    // The acting admin keeps a way to sign in, and is told so.
    expect(text).toMatch({ en: /Your own account keeps its MFA and its sign-in methods/, it: /Il tuo account mantiene l'MFA/, fr: /Votre compte garde sa MFA/ }[locale]);
  });

  it('the consent card lists each missing permission with what it is for, the consent page and "Check again"; never "a few minutes"', () => {
    const card = consentCard(locale, { kind: 'consent', missing: ['Policy.ReadWrite.ConditionalAccess'], declared: declaredScopes(), url: CONSENT_URL });
    const text = cardText(card);
    expect(text).toContain('Policy.ReadWrite.ConditionalAccess');
    expect(text).not.toMatch(FEW_MINUTES);
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: expect.any(String), url: CONSENT_URL },
      { type: 'Action.Execute', title: { en: 'Check again', it: 'Verifica di nuovo', fr: 'Vérifier à nouveau' }[locale], verb: 'consent.check', data: {} },
    ]);
  });

  it('with no consent at all, the list of every declared permission says what it is', () => {
    const text = cardText(consentCard(locale, { kind: 'consent', missing: [], declared: declaredScopes(), url: CONSENT_URL }));
    const at = (part: string) => text.indexOf(part);
    expect(at(t(locale, 'consent.permissionsTitle'))).toBeGreaterThan(at(t(locale, 'consent.text')));
    expect(at(t(locale, 'consent.permissionsTitle'))).toBeLessThan(at(declaredScopes()[0]));
    expect(cardText(consentCard(locale, { kind: 'consent', missing: ['User.Read.All'], declared: declaredScopes(), url: CONSENT_URL }))).not.toContain(t(locale, 'consent.permissionsTitle'));
  });
});

describe('every declared scope says what it is for, in every language', () => {
  it.each(declaredScopes())('%s', (scope) => {
    for (const locale of LOCALES) expect(hasKey(locale, `consent.scope.${scope.replace(/[^A-Za-z0-9]/g, '')}`)).toBe(true);
  });
});
