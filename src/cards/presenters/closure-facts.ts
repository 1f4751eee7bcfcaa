import { ClosureView } from '../../core';
import { FORMAT_TAG, Locale } from '../../i18n/locale';
import { t } from '../../steps/texts';
import { formatDate } from '../../i18n/format-date';
import { Paragraph, StepPresenter } from '../../steps/step.presenter';
import { STEP_PRESENTERS } from './step-presenters';

export { formatDate };
export { listItem } from '../../steps/texts';

export interface Fact {
  label: string;
  value: string;
}

const SWITCHES = new Set(['securityDefaultsEnabled', 'syncEnabled']);

function formatValue(locale: Locale, key: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value.toLocaleString(FORMAT_TAG[locale]);
  // A switch's on/off agrees in gender and number with its label (it: "Sincronizzazione … Disattivata").
  if (typeof value === 'boolean') return t(locale, SWITCHES.has(key) ? `closure.fact.state.${key}.${value ? 'on' : 'off'}` : value ? 'closure.fact.yes' : 'closure.fact.no');
  if (typeof value === 'string') return /^\d{4}-\d\d-\d\dT/.test(value) ? formatDate(locale, value) : value;
  if (typeof value === 'object' && 'displayName' in value) return String(value.displayName);
  return undefined;
}

/** The step's own read (inventory, subscriptions, MFA, blockers…) failed: what it would report is unknown. */
export function readFailed(view: ClosureView): boolean {
  const read = (STEP_PRESENTERS[view.card.stepId] as StepPresenter | undefined)?.read;
  return read !== undefined && view.card.error?.command === read.command;
}

/** The step's evidence as labelled, localized facts. */
export function stepFacts(locale: Locale, view: ClosureView): Fact[] {
  const facts: Fact[] = [];
  const presenter = STEP_PRESENTERS[view.card.stepId] as StepPresenter | undefined;
  const read = presenter?.read;
  const unread = read && view.card.error?.command === read.command ? new Set(read.keys) : new Set<string>();
  const { source, keys } = presenter?.factsOf?.(view) ?? { source: view.card.facts as Record<string, unknown>, keys: presenter?.facts ?? [] };
  for (const key of keys) {
    const own = source[key] === undefined || source[key] === null ? undefined : presenter?.ownFact?.(locale, key, source[key]);
    const value = own ? own.text : (formatValue(locale, key, source[key]) ?? (unread.has(key) ? t(locale, 'closure.fact.unknown') : undefined));
    if (value !== undefined) facts.push({ label: t(locale, `closure.fact.${key}`), value });
  }
  return facts;
}

/** The bounded list a step shows under its facts, with its title (none when the step has none). */
export function stepList(locale: Locale, view: ClosureView): { title: string; items: string[] } {
  return (STEP_PRESENTERS[view.card.stepId] as StepPresenter | undefined)?.list?.(locale, view) ?? { title: '', items: [] };
}

/** What the step's buttons will delete and what its last removal did, when the step says. */
export function stepNotes(locale: Locale, view: ClosureView): Paragraph[] {
  return (STEP_PRESENTERS[view.card.stepId] as StepPresenter | undefined)?.notes?.(locale, view) ?? [];
}

/** The step's part of the step card (cards/<part>/<part>.json). */
export function stepCardPart(view: ClosureView): string {
  return STEP_PRESENTERS[view.card.stepId].card;
}
