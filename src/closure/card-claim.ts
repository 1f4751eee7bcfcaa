import { ActInputs, CardClaim, Verb, VERBS } from '../core';

export type ParsedAction =
  /** `approvers: 2`: the admin asks for four eyes (a request that can only raise the deployment's minimum). */
  | { kind: 'start'; approvers?: 2 }
  /** "Check again" on the consent card: ask Graph afresh whether the app may act now. */
  | { kind: 'checkConsent' }
  | { kind: 'act'; verb: Verb; claim: CardClaim; inputs: ActInputs }
  | { kind: 'cancel'; claim: CardClaim }
  /** Four eyes: a second admin answers the request the card showed (its id follows from the claim). */
  | { kind: 'second'; decision: 'approve' | 'reject'; claim: CardClaim; reason?: string }
  | { kind: 'invalid' };

const ID = /^[A-Za-z0-9-]{1,64}$/;
const CHECK_INPUT = /^check\.[A-Za-z0-9]{1,40}$/;
/** More toggles than Step 5 has checks is not a card of ours. */
const MAX_CHECKS = 20;

/** The consent card's "Check again" (cards/consent.json). */
export const CHECK_CONSENT_VERB = 'consent.check';

/**
 * Reads a card action's verb and data. Everything in it is a claim made by the client, checked
 * here only for shape (types, lengths); whether it is current, the owner's and allowed is the core's
 * decision against the stored closure.
 */
export function parseCardAction(verb: string, data: unknown): ParsedAction {
  if (verb === 'closure.start') {
    const asked = data && typeof data === 'object' && (data as Record<string, unknown>).approvers;
    return asked === 2 || asked === '2' ? { kind: 'start', approvers: 2 } : { kind: 'start' };
  }
  if (verb === CHECK_CONSENT_VERB) return { kind: 'checkConsent' };
  if (!(VERBS as readonly string[]).includes(verb)) return { kind: 'invalid' };
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { kind: 'invalid' };
  const d = data as Record<string, unknown>;
  if (typeof d.closureId !== 'string' || !ID.test(d.closureId)) return { kind: 'invalid' };
  if (typeof d.stepId !== 'string' || !ID.test(d.stepId)) return { kind: 'invalid' };
  if (typeof d.version !== 'number' || !Number.isSafeInteger(d.version) || d.version < 0) return { kind: 'invalid' };
  const claim: CardClaim = { closureId: d.closureId, stepId: d.stepId, version: d.version };
  if (verb === 'closure.cancel') return { kind: 'cancel', claim };
  if (verb === 'closure.secondApprove') return { kind: 'second', decision: 'approve', claim };
  if (verb === 'closure.secondReject') return { kind: 'second', decision: 'reject', claim, ...(typeof d.reason === 'string' && d.reason.length <= 300 ? { reason: d.reason } : {}) };
  const inputs: ActInputs = {};
  if (typeof d.confirmation === 'string' && d.confirmation.length <= 256) inputs.typedDomain = d.confirmation;
  // Step 5's toggles (`check.<id>`: "true" when ticked). Only the shape is read here; whether each
  // id is a check the admin may confirm now is the core's decision against the stored report.
  const ticked = Object.keys(d).filter((k) => CHECK_INPUT.test(k) && (d[k] === 'true' || d[k] === true));
  if (ticked.length > 0) inputs.confirmedChecks = ticked.slice(0, MAX_CHECKS).map((k) => k.slice('check.'.length));
  return { kind: 'act', verb: verb as Verb, claim, inputs };
}
