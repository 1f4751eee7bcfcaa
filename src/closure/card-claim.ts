import { ActInputs, CardClaim, Verb, VERBS } from '../core';

export type ParsedAction =
  | { kind: 'start' }
  /** "Check again" on the consent card: ask Graph afresh whether the app may act now. */
  | { kind: 'checkConsent' }
  | { kind: 'act'; verb: Verb; claim: CardClaim; inputs: ActInputs }
  | { kind: 'cancel'; claim: CardClaim }
  | { kind: 'invalid' };

const ID = /^[A-Za-z0-9-]{1,64}$/;

/** The consent card's "Check again" (cards/consent.json). */
export const CHECK_CONSENT_VERB = 'consent.check';

/**
 * Reads a card action's verb and data. Everything in it is a claim made by the client, checked
 * here only for shape (types, lengths); whether it is current, the owner's and allowed is the core's
 * decision against the stored closure.
 */
export function parseCardAction(verb: string, data: unknown): ParsedAction {
  if (verb === 'closure.start') return { kind: 'start' };
  if (verb === CHECK_CONSENT_VERB) return { kind: 'checkConsent' };
  if (!(VERBS as readonly string[]).includes(verb)) return { kind: 'invalid' };
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { kind: 'invalid' };
  const d = data as Record<string, unknown>;
  if (typeof d.closureId !== 'string' || !ID.test(d.closureId)) return { kind: 'invalid' };
  if (typeof d.stepId !== 'string' || !ID.test(d.stepId)) return { kind: 'invalid' };
  if (typeof d.version !== 'number' || !Number.isSafeInteger(d.version) || d.version < 0) return { kind: 'invalid' };
  const claim: CardClaim = { closureId: d.closureId, stepId: d.stepId, version: d.version };
  if (verb === 'closure.cancel') return { kind: 'cancel', claim };
  const inputs: ActInputs = {};
  if (typeof d.confirmation === 'string' && d.confirmation.length <= 256) inputs.typedDomain = d.confirmation;
  return { kind: 'act', verb: verb as Verb, claim, inputs };
}
