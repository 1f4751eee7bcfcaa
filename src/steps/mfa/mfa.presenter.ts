import { CaPolicyFinding } from '../../core';
import { Locale } from '../../i18n/locale';
import { t } from '../texts';
import { StepPresenter } from '../step.presenter';

/** One Conditional Access policy requiring MFA: its name, how it requires MFA, and what the bot does about it. */
function caPolicyLine(locale: Locale, policy: CaPolicyFinding): string {
  const how = policy.requires === 'authenticationStrength' ? t(locale, 'closure.list.caPolicy.strength', { strength: policy.strength ?? '' }) : t(locale, 'closure.list.caPolicy.mfaControl');
  const key = policy.state === 'enabled' ? 'closure.list.caPolicy.enabled' : 'closure.list.caPolicy.reportOnly';
  return t(locale, key, { name: policy.displayName, how });
}

/** Step 4: who still has MFA, security defaults, and every Conditional Access policy requiring MFA. */
export const mfaPresenter: StepPresenter = {
  card: 'mfa',
  facts: ['usersChecked', 'usersUnreadable', 'usersWithMfa', 'securityDefaultsEnabled', 'checkedAt'],
  read: { command: 'readMfa', keys: ['usersChecked', 'usersWithMfa', 'securityDefaultsEnabled', 'checkedAt'] },
  ownFact: (locale, key, value) => {
    // "0 accounts checked" is a fact only when no other account exists: say so, so it can't read as a failed read.
    if (key === 'usersChecked' && value === 0) return { text: t(locale, 'closure.fact.noOtherAccount') };
    // Only shown when some could not be read: those are unknown, not "without MFA".
    if (key === 'usersUnreadable' && value === 0) return {};
    return undefined;
  },
  list: (locale, view) => {
    const evidence = view.card.facts as Record<string, unknown>;
    const policies = evidence.caPolicies as CaPolicyFinding[] | undefined;
    // The step's text says each such policy is "listed below": when Graph found none, say so rather than show nothing.
    if (policies?.length === 0) return { title: t(locale, 'closure.list.caPolicies'), items: [t(locale, 'closure.list.caPolicy.none')] };
    return { title: t(locale, 'closure.list.caPolicies'), items: (policies ?? []).map((p) => caPolicyLine(locale, p)) };
  },
};
