import { ClosureCommand, GraphCommand, ScheduleRecheck } from './closure.commands';
import { ClosureError } from './closure.errors';
import { ActInputs, Actor, CardClaim, ResultEvent } from './closure.events';
import { ClosureState, StepStates } from './closure.state';
import { STEP_IDS, StepId, Verb, stepDef } from './closure.steps';
import type { EntraCheck } from './entra-check';

/**
 * What a step handler answers. `completed` asks the machine to mark the step done and enter the
 * next one, so step files never need to know the order of steps.
 */
export type StepOutcome = { ok: true; state: ClosureState; commands: ClosureCommand[]; completed?: boolean } | { ok: false; error: ClosureError };

/** A card action that passed every guard: the verb is available in the current phase. */
export interface AcceptedAct {
  actor: Actor;
  card: CardClaim;
  verb: Verb;
  inputs: ActInputs;
}

/**
 * One step of the closure. Handlers are pure and only ever see the state while their step is current,
 * except `onJobEvent` and `closureVerbs`, which are about work or verbs that outlive the step's turn.
 * The optional members let a step hook into the machine's closure-wide paths (background reports,
 * verbs offered from later steps, a handover, its part of the card) without the core naming it.
 */
export interface StepModule {
  id: StepId;
  /** Where the admin does or checks the step's work by hand: admin-center link keys, resolved for the cloud by the hosting layer. */
  links: string[];
  /** The step becomes current: set its phase and issue its first commands. */
  enter(state: ClosureState, now: string): StepOutcome;
  /** Card verbs the current phase offers (the machine adds retry, restore and cancel). */
  verbs(state: ClosureState): Verb[];
  act(state: ClosureState, act: AcceptedAct, now: string): StepOutcome;
  /** A command result; undefined when the current phase does not expect it. */
  onResult(state: ClosureState, event: ResultEvent, now: string): StepOutcome | undefined;
  /** The Graph command the current phase is waiting on: what commandFailed may name and retry re-sends. */
  awaiting(state: ClosureState): GraphCommand | undefined;
  /**
   * The read `command` failed: the state without what that read reports, so the card shows it as
   * unknown (not the previous answer as if current) and nothing that depends on it is offered.
   */
  readFailed?(state: ClosureState, command: GraphCommand['type']): ClosureState;
  /** The step's own re-check timer fired; undefined when the phase is not waiting. */
  onRecheck(state: ClosureState, now: string): StepOutcome | undefined;
  /**
   * Who a waiting step waits for: the admin (something to do in an admin center) or Microsoft
   * (a change to propagate). Steps that never wait for the admin leave it out.
   */
  waitingFor?(state: ClosureState): WaitingFor;
  /**
   * A report of work the step runs in the background (Step 1: the user-deletion job); undefined when
   * the event is not one. The machine asks every step whatever step is current, since a late or
   * replayed report can arrive after the step moved on: the step refuses those itself.
   */
  onJobEvent?(state: ClosureState, event: ResultEvent, now: string): StepOutcome | undefined;
  /**
   * Closure-wide verbs the step offers while it or a later step is current (Step 1: restore the
   * deleted users, which sends the closure back to it). The machine lists them beside the current
   * phase's verbs and carries them out, also once a second admin approved one.
   */
  closureVerbs?: ClosureWideVerb[];
  /**
   * The owner handed over to a delegate, who acts from now on: the step's answer when what it shows
   * depends on who acts (Step 1's preview names the admin it keeps); undefined when nothing changes.
   * Asked of the current step only.
   */
  onActingAdminChanged?(state: ClosureState): StepOutcome | undefined;
  /** What the step adds to its card's view beyond phase and evidence (Step 5: Entra's checks); asked of the current step only. */
  viewPart?(state: ClosureState): StepViewPart;
}

/** A verb a step offers across the closure, not only in its own phases. */
export interface ClosureWideVerb {
  verb: Verb;
  /** Whether the closure offers the verb now, whatever step is current. */
  available(state: ClosureState): boolean;
  /** The verb passed every guard (or a second admin approved it): what happens. */
  carryOut(state: ClosureState, now: string): StepOutcome;
}

/** A step's own part of the card view (the fields of `ClosureView['card']` it fills). */
export interface StepViewPart {
  /** Step 5: every check of Entra's "Delete tenant". */
  entraChecks?: EntraCheck[];
  /** Step 5: every check is verified clear or confirmed by the admin. */
  readyToDelete?: boolean;
}

/**
 * The handler for each step id. The machine receives it (closureMachine in closure.machine.ts) instead
 * of importing it, so the core never names a step: src/steps/index.ts binds the two.
 */
export type StepRegistry = Readonly<Record<StepId, StepModule>>;

/** Every step's closure-wide verbs, in the order of the steps. */
export function closureWideVerbs(steps: StepRegistry): ClosureWideVerb[] {
  return STEP_IDS.flatMap((id) => steps[id].closureVerbs ?? []);
}

export type WaitingFor = 'admin' | 'microsoft';

export function accept(state: ClosureState, commands: ClosureCommand[] = [], completed = false): StepOutcome {
  return { ok: true, state, commands, completed };
}

/** Replaces part of one step's record, leaving every other step as it was. */
export function patchStep<K extends StepId>(state: ClosureState, id: K, patch: Partial<StepStates[K]>): ClosureState {
  return { ...state, steps: { ...state.steps, [id]: { ...state.steps[id], ...patch } } };
}

/** Merges evidence into one step's record. */
export function addEvidence<K extends StepId>(state: ClosureState, id: K, evidence: Partial<StepStates[K]['evidence']>): ClosureState {
  return patchStep(state, id, { evidence: { ...state.steps[id].evidence, ...evidence } } as Partial<StepStates[K]>);
}

/**
 * Schedules the step's next re-check with exponential backoff. Each schedule takes the next attempt
 * number, so a timer that was superseded (by "check again" or a newer schedule) is recognised as stale.
 */
export function scheduleRecheck(state: ClosureState, stepId: StepId, now: string): { state: ClosureState; command: ScheduleRecheck } {
  const policy = stepDef(stepId).recheck ?? { baseMs: 15 * 60_000, maxMs: 6 * 60 * 60_000 };
  const attempt = state.recheck?.stepId === stepId ? state.recheck.attempt + 1 : 1;
  const afterMs = Math.min(policy.baseMs * 2 ** (attempt - 1), policy.maxMs);
  const dueAt = new Date(Date.parse(now) + afterMs).toISOString();
  return { state: { ...state, recheck: { stepId, attempt, dueAt } }, command: { type: 'scheduleRecheck', stepId, afterMs, attempt } };
}

export function clearRecheck(state: ClosureState): ClosureState {
  if (!state.recheck) return state;
  const { recheck: _dropped, ...rest } = state;
  return rest;
}
