import type { CheckConfirmation, EntraCheckId } from './entra-check-ids';

/**
 * One check of Entra's "Delete tenant" as the card view shows it. The view names it, so it is the core's
 * type; Step 5's rule (src/steps/directory/entra-checks.rule.ts) decides each check's state.
 */

/**
 * - `clear`: verified, nothing there.
 * - `blocked`: verified, something there that blocks the deletion (with a count, names when known).
 * - `mayBlock`: there, but Microsoft doesn't say whether Entra counts it (soft-deleted users).
 * - `cannotSee`: the bot cannot read it; the admin confirms it by hand, and it stays theirs.
 */
export type EntraCheckState = 'clear' | 'blocked' | 'mayBlock' | 'cannotSee';

/** Why the bot cannot see a check: no API at all, or (Azure) no consent, no elevated access, a refusal, a failure. */
export type CannotSeeReason = 'noApi' | 'noConsent' | 'notElevated' | 'refused' | 'failed';

export interface EntraCheck {
  id: EntraCheckId;
  state: EntraCheckState;
  count?: number;
  names?: string[];
  /** Azure subscriptions by state (Enabled, Disabled, …), when read. */
  states?: Record<string, number>;
  reason?: CannotSeeReason;
  /** The page that fixes or shows it (a link key the presenter resolves for the cloud). */
  link: string;
  confirmed?: CheckConfirmation;
}
