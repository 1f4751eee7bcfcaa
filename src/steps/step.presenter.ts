import { ClosureView } from '../core';
import { Locale } from '../i18n/locale';

/** A paragraph of the step card's body, with its tone. */
export type Paragraph = { kind: string; text: string };

/**
 * What one step contributes to the shared step card (src/cards/presenters/closure.presenter.ts draws the frame): which of
 * its evidence it shows as facts, the bounded list under them, and notes on what its buttons will do
 * or did. Each step's lives in src/steps/<step>/<step>.presenter.ts; src/cards/presenters/step-presenters.ts lists them.
 */
export interface StepPresenter {
  /** The step's part of the card, `cards/<card>/<card>.json`: what it shows under its paragraphs, in order (the step's folder name). */
  card: string;
  /** Which evidence the step shows as facts, in order. Lists (samples, subscriptions, policies) are separate. */
  facts: string[];
  /**
   * What the step's read reports. When that read failed, these facts show as unknown: never the
   * previous answer as if current, never left out as if there were nothing to report.
   */
  read?: { command: string; keys: string[] };
  /**
   * Where the step's facts are read from, and which it shows now, when that is not simply `facts` from its
   * evidence (Step 5 keeps its counts under `blockers`, and lists its checks one by one once it has them).
   */
  factsOf?(view: ClosureView): { source: Record<string, unknown>; keys: string[] };
  /**
   * The step's own wording of one of its facts, where the shared formatting would mislead: `{ text }` shows
   * it, `{}` leaves the fact out; undefined leaves the fact to the shared formatting.
   */
  ownFact?(locale: Locale, key: string, value: unknown): { text?: string } | undefined;
  /** The bounded list the step shows under its facts, with its title. */
  list?(locale: Locale, view: ClosureView): { title: string; items: string[] };
  /** Paragraphs about what the step's buttons will delete, and what the last removal did. */
  notes?(locale: Locale, view: ClosureView): Paragraph[];
}
