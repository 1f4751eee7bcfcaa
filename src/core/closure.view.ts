import { CardClaim } from './closure.events';
import { availableVerbs } from './closure.guards';
import { summary } from './closure.lifecycle';
import { ClosureState, JobCheckpoint, Person, StepError, StepStatus } from './closure.state';
import { CLOSURE_STEPS, StepId, StepKind, Verb, VERB_DEFS } from './closure.steps';
import type { EntraCheck } from './entra-check';
import { StepRegistry, WaitingFor } from './step.module';

/**
 * What the current card shows, as plain data. The hosting layer picks the template, translates the
 * keys and binds the facts; the core holds no sentences. Buttons carry the claim the core will check.
 */
export interface ClosureView {
  closureId: string;
  tenantId: string;
  status: ClosureState['status'];
  version: number;
  owner: Person;
  delegate?: Person;
  tenant: { displayName: string; initialDomain: string };
  currentStep: StepId;
  steps: Array<{ id: StepId; index: number; kind: StepKind; status: StepStatus; phase: string }>;
  card: {
    stepId: StepId;
    phase: string;
    status: StepStatus;
    /** `closure.step.<stepId>.title` and `closure.step.<stepId>.<phase>`. */
    /** Set while the step waits: for the admin to act, or for Microsoft to catch up. */
    waitingFor?: WaitingFor;
    titleKey: string;
    bodyKey: string;
    /** The step's evidence: counts, timestamps, a bounded sample; bind as-is. */
    facts: object;
    progress?: Pick<JobCheckpoint, 'status' | 'total' | 'done' | 'failed'> & { ratePerSecond?: number; etaSeconds?: number };
    /** The command that failed and how (src/ports/failure-info.ts): the card explains it and what to do. */
    error?: Pick<StepError, 'code' | 'command' | 'httpStatus' | 'message' | 'kind' | 'request' | 'permission'>;
    /** Admin-center link keys; the hosting layer resolves them for the configured cloud. */
    links: string[];
    /**
     * Step 5: every check of Entra's "Delete tenant", each verified clear, blocked, may block, or one
     * the bot cannot see (confirmed by the admin or not yet); empty while there is no current report.
     */
    entraChecks: EntraCheck[];
    /** Step 5: every check is verified clear or confirmed by the admin ("Ready to delete"). */
    readyToDelete?: boolean;
    /** Final summary once the closure is completed or cancelled. */
    summary?: Record<string, string | number>;
  };
  actions: ViewAction[];
}

export interface ViewAction {
  verb: Verb;
  /** `closure.action.<verb without prefix>` */
  labelKey: string;
  style: 'positive' | 'destructive' | 'default';
  /** The card must collect this input for the verb to pass. */
  input?: 'initialDomain' | 'policyIds';
  data: CardClaim;
}

export function viewOf(steps: StepRegistry, state: ClosureState): ClosureView {
  const id = state.currentStep;
  const step = state.steps[id];
  const data: CardClaim = { closureId: state.closureId, stepId: id, version: state.version };
  const actions = availableVerbs(steps, state).map((verb) => toAction(verb, data));
  const showProgress = id === 'users' && state.job !== undefined;
  const part = steps[id].viewPart?.(state) ?? {};
  return {
    closureId: state.closureId,
    tenantId: state.tenantId,
    status: state.status,
    version: state.version,
    owner: state.owner,
    delegate: state.delegate,
    tenant: { displayName: state.tenant.displayName, initialDomain: state.tenant.initialDomain },
    currentStep: id,
    steps: CLOSURE_STEPS.map((def) => ({ id: def.id, index: def.index, kind: def.kind, status: state.steps[def.id].status, phase: state.steps[def.id].phase })),
    card: {
      stepId: id,
      phase: step.phase,
      status: step.status,
      ...(step.status === 'waiting' ? { waitingFor: steps[id].waitingFor?.(state) ?? 'microsoft' } : {}),
      titleKey: `closure.step.${id}.title`,
      bodyKey: `closure.step.${id}.${step.phase}`,
      facts: step.evidence,
      progress: showProgress && state.job ? progressOf(state.job) : undefined,
      error: step.error ? errorView(step.error) : undefined,
      links: steps[id].links,
      entraChecks: part.entraChecks ?? [],
      ...(part.readyToDelete !== undefined ? { readyToDelete: part.readyToDelete } : {}),
      summary: state.status === 'active' ? undefined : summary(state),
    },
    actions,
  };
}

/** Deletions per second since the job last (re)started, and the time left at that pace. */
function progressOf(job: JobCheckpoint): NonNullable<ClosureView['card']['progress']> {
  const base = { status: job.status, total: job.total, done: job.done, failed: job.failed };
  if (job.status !== 'running' || !job.runningSince) return base;
  const seconds = (Date.parse(job.updatedAt) - Date.parse(job.runningSince)) / 1000;
  const deleted = job.done - (job.doneAtRunningSince ?? 0);
  if (!(seconds > 0) || deleted <= 0) return base;
  const ratePerSecond = deleted / seconds;
  return { ...base, ratePerSecond, etaSeconds: Math.max(0, job.total - job.done - job.failed) / ratePerSecond };
}

function errorView(error: StepError): NonNullable<ClosureView['card']['error']> {
  const { code, command, httpStatus, message, kind, request, permission } = error;
  return { code, command, httpStatus, message, ...(kind ? { kind } : {}), ...(request ? { request } : {}), ...(permission ? { permission } : {}) };
}

function toAction(verb: Verb, data: CardClaim): ViewAction {
  const def = VERB_DEFS[verb];
  const input = def.typedDomain ? 'initialDomain' : verb === 'closure.disableCaPolicies' ? 'policyIds' : undefined;
  return { verb, labelKey: `closure.action.${verb.slice('closure.'.length)}`, style: def.style, ...(input ? { input } : {}), data };
}
