/**
 * The closure procedure as data: Microsoft's "Close your account" steps (graph-api.md §0, §1) in
 * order, what kind of work each is, and which card verbs it offers. The machine and the view read
 * these tables; neither hard-codes the order.
 */
export const STEP_IDS = ['prepare', 'users', 'cancelSubscriptions', 'deleteSubscriptions', 'mfa', 'directory'] as const;
export type StepId = (typeof STEP_IDS)[number];

/** read: the bot only reads Graph; manual: the admin acts in an admin center and the bot verifies; destructive: the bot writes. */
export type StepKind = 'read' | 'manual' | 'destructive';

/** Every card verb. Namespaced as Action.Execute verbs so the hosting layer can route on the prefix. */
export const VERBS = [
  'closure.acknowledgeBackup',
  'closure.disableSync',
  'closure.deleteUsers',
  'closure.pauseJob',
  'closure.resumeJob',
  'closure.restoreUsers',
  'closure.checkAgain',
  'closure.retry',
  'closure.disableUserMfa',
  'closure.disableSecurityDefaults',
  'closure.disableCaPolicies',
  'closure.continue',
  'closure.purgeDeletedUsers',
  'closure.deleteApplications',
  'closure.deleteServicePrincipals',
  'closure.complete',
  'closure.backToUsers',
  'closure.cancel',
  /** Four eyes: a second Global Administrator's answer to a request (never an act of the closure's owner). */
  'closure.secondApprove',
  'closure.secondReject',
] as const;
export type Verb = (typeof VERBS)[number];

/** What the admin entered on a card with a verb: checked against the state, never trusted. */
export interface ActInputs {
  /** What the admin typed to approve a deletion: must equal the initial domain. */
  typedDomain?: string;
  /** closure.disableCaPolicies: a subset of the reported policies; all of them when absent. */
  policyIds?: string[];
  /** closure.complete: the Entra checks the admin ticked as confirmed by hand (ids; the core checks them). */
  confirmedChecks?: string[];
}

export interface VerbDef {
  /** Changes the tenant or the closure for good: the audit log records it as an approval. */
  approval: boolean;
  /** The admin must type the tenant's initial domain (…onmicrosoft.com) for the verb to pass. */
  typedDomain: boolean;
  style: 'positive' | 'destructive' | 'default';
}

export const VERB_DEFS: Record<Verb, VerbDef> = {
  'closure.acknowledgeBackup': { approval: true, typedDomain: false, style: 'positive' },
  'closure.disableSync': { approval: true, typedDomain: false, style: 'destructive' },
  'closure.deleteUsers': { approval: true, typedDomain: true, style: 'destructive' },
  'closure.pauseJob': { approval: false, typedDomain: false, style: 'default' },
  'closure.resumeJob': { approval: true, typedDomain: false, style: 'destructive' },
  'closure.restoreUsers': { approval: true, typedDomain: false, style: 'default' },
  'closure.checkAgain': { approval: false, typedDomain: false, style: 'default' },
  'closure.retry': { approval: false, typedDomain: false, style: 'default' },
  'closure.disableUserMfa': { approval: true, typedDomain: false, style: 'destructive' },
  'closure.disableSecurityDefaults': { approval: true, typedDomain: false, style: 'destructive' },
  'closure.disableCaPolicies': { approval: true, typedDomain: false, style: 'destructive' },
  'closure.continue': { approval: true, typedDomain: false, style: 'positive' },
  // The one irreversible removal (it ends the 30-day restore): typed, like the deletion of users.
  'closure.purgeDeletedUsers': { approval: true, typedDomain: true, style: 'destructive' },
  'closure.deleteApplications': { approval: true, typedDomain: false, style: 'destructive' },
  'closure.deleteServicePrincipals': { approval: true, typedDomain: false, style: 'destructive' },
  'closure.complete': { approval: true, typedDomain: true, style: 'destructive' },
  'closure.backToUsers': { approval: true, typedDomain: false, style: 'default' },
  'closure.cancel': { approval: true, typedDomain: false, style: 'default' },
  'closure.secondApprove': { approval: true, typedDomain: false, style: 'destructive' },
  'closure.secondReject': { approval: false, typedDomain: false, style: 'default' },
};

export interface RecheckPolicy {
  baseMs: number;
  maxMs: number;
}

export interface StepDef {
  id: StepId;
  index: number;
  /**
   * The step's number in Microsoft's article ("Step 1" … "Step 5"); undefined for "Before you begin",
   * which the article does not number. Directory sync, its wait and the restore are parts of Step 1.
   */
  articleStep?: number;
  kind: StepKind;
  /** Verbs of this step that write to the tenant and so need the owner's (or delegate's) approval. */
  approvalVerbs: readonly Verb[];
  /** How often a waiting step re-reads Graph by itself; undefined if it never waits. */
  recheck?: RecheckPolicy;
}

const MINUTE = 60_000;

export const CLOSURE_STEPS: readonly StepDef[] = [
  { id: 'prepare', index: 0, kind: 'read', approvalVerbs: ['closure.acknowledgeBackup'] },
  {
    id: 'users',
    index: 1,
    articleStep: 1,
    kind: 'destructive',
    approvalVerbs: ['closure.disableSync', 'closure.deleteUsers', 'closure.resumeJob', 'closure.restoreUsers'],
    // Sync takes up to 72 h to turn off (graph-api.md §3.4); user listings lag a few minutes (§3.1).
    recheck: { baseMs: 5 * MINUTE, maxMs: 6 * 60 * MINUTE },
  },
  // Deprovisioning takes about 72 h after deletion (§4.3): back off to a few checks a day.
  { id: 'cancelSubscriptions', index: 2, articleStep: 2, kind: 'manual', approvalVerbs: [], recheck: { baseMs: 15 * MINUTE, maxMs: 6 * 60 * MINUTE } },
  { id: 'deleteSubscriptions', index: 3, articleStep: 3, kind: 'manual', approvalVerbs: [], recheck: { baseMs: 15 * MINUTE, maxMs: 6 * 60 * MINUTE } },
  {
    id: 'mfa',
    index: 4,
    articleStep: 4,
    kind: 'destructive',
    approvalVerbs: ['closure.disableUserMfa', 'closure.disableSecurityDefaults', 'closure.disableCaPolicies', 'closure.continue'],
  },
  {
    id: 'directory',
    index: 5,
    articleStep: 5,
    kind: 'destructive',
    approvalVerbs: ['closure.purgeDeletedUsers', 'closure.deleteApplications', 'closure.deleteServicePrincipals', 'closure.complete', 'closure.backToUsers'],
    recheck: { baseMs: 15 * MINUTE, maxMs: 6 * 60 * MINUTE },
  },
];

/** How many numbered steps Microsoft's article has ("Step 1 of 5"). */
export const ARTICLE_STEP_COUNT = 5;

/** A step's number in Microsoft's article, or undefined for "Before you begin". */
export function articleStepOf(id: StepId): number | undefined {
  return stepDef(id).articleStep;
}

export function stepDef(id: StepId): StepDef {
  return CLOSURE_STEPS[STEP_IDS.indexOf(id)];
}

export function nextStepId(id: StepId): StepId | undefined {
  return STEP_IDS[STEP_IDS.indexOf(id) + 1];
}

export function stepIndex(id: StepId): number {
  return STEP_IDS.indexOf(id);
}

export function isStepId(value: string): value is StepId {
  return (STEP_IDS as readonly string[]).includes(value);
}
