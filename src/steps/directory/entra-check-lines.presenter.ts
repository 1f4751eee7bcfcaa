import { ClosureView } from '../../core';
import { EntraCheck, needsConfirmation } from './entra-checks.rule';
import { FORMAT_TAG, Locale } from '../../i18n/locale';
import { listItem, t } from '../texts';
import { formatDate } from '../../i18n/format-date';

/** How many names a check line shows; the count covers them all. */
const NAMES_SHOWN = 5;

/** An Input.Toggle of the final confirmation: the admin ticks a check they made by hand. */
export interface CheckToggle {
  id: string;
  title: string;
}

/**
 * Step 5's checks, one line each, in the state the bot found: verified clear, blocked (what, how
 * many, and the page that fixes it), may block, or one the bot cannot see (why, and where the admin
 * looks), with the admin's own confirmation when they gave it. The link sits in the line (Markdown):
 * one button per check would pass Teams' limit of six actions.
 */
export function entraCheckLines(locale: Locale, view: ClosureView, urlOf: (linkKey: string) => string | undefined): string[] {
  return view.card.entraChecks.map((check) => {
    const label = t(locale, `closure.check.label.${check.id}`);
    const url = check.state === 'clear' ? undefined : urlOf(check.link);
    const link = url ? ` · [${t(locale, `closure.link.${check.link}`)}](${url})` : '';
    return `${symbol(check)} ${listItem(locale, label, stateText(locale, check))}${link}`;
  });
}

/** The toggles of the final confirmation: one for each check the admin must still confirm by hand. */
export function entraCheckToggles(locale: Locale, view: ClosureView): CheckToggle[] {
  if (!view.actions.some((a) => a.verb === 'closure.complete')) return [];
  return view.card.entraChecks.filter((c) => needsConfirmation(c) && !c.confirmed).map((c) => ({ id: `check.${c.id}`, title: t(locale, `closure.check.toggle.${c.id}`) }));
}

function symbol(check: EntraCheck): string {
  if (check.confirmed) return '☑';
  return { clear: '✓', blocked: '✗', mayBlock: '⚠', cannotSee: '?' }[check.state];
}

function stateText(locale: Locale, check: EntraCheck): string {
  const count = (check.count ?? 0).toLocaleString(FORMAT_TAG[locale]);
  if (check.confirmed) {
    // Ticking a check that may block is accepting a risk, not confirming that the check is clear.
    const key = check.state === 'mayBlock' ? 'closure.check.state.accepted' : 'closure.check.state.confirmed';
    return t(locale, key, { name: check.confirmed.by.name, date: formatDate(locale, check.confirmed.at) });
  }
  switch (check.state) {
    case 'clear':
      return t(locale, 'closure.check.state.clear');
    case 'blocked': {
      const names = (check.names ?? []).slice(0, NAMES_SHOWN).map((name) => t(locale, 'closure.check.quotedName', { name }));
      const more = (check.count ?? 0) - names.length;
      const states = check.states ? Object.entries(check.states).map(([s, n]) => listItem(locale, s, n.toLocaleString(FORMAT_TAG[locale]))) : [];
      const detail = [names.join(', ') + (names.length && more > 0 ? ` ${t(locale, 'closure.removal.andMore', { count: more })}` : ''), states.join(', ')].filter(Boolean).join(' · ');
      return t(locale, 'closure.check.state.blocked', { count }) + (detail ? ` (${detail})` : '');
    }
    case 'mayBlock':
      return t(locale, 'closure.check.state.mayBlock', { count });
    case 'cannotSee':
      return t(locale, `closure.check.cannotSee.${check.reason ?? 'noApi'}`);
  }
}
