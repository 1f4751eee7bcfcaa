import { randomUUID } from 'node:crypto';
import { Actor, ClosureError, ClosureEvent, ClosureState, consentHelps, STEP_IDS } from '../core';
import { CloudProfile } from '../config/clouds';
import { DirectoryReader, OrganizationFacts } from '../ports/directory.port';
import { CONSENT_REQUIRED, GraphFailure, IDENTITY_UNAVAILABLE, SIGN_IN_REQUIRED } from '../ports/graph-failure';
import { Logger } from '../observability/logger';
import { currentCorrelationId } from '../observability/correlation';
import { Dispatched } from '../runner/closure-runner';
import { authorizeGlobalAdmin } from './authorize';
import { parseCardAction } from './card-claim';
import { closureCardReply } from './closure-card';
import { ClosureRepository } from '../runner/closure-repository';
import { BotReply, ClosureCardContext, ClosureReply, ConsentReply, notice, OverviewReply } from './replies';
import { errorInfoOf } from '../ports/failure-info';
import { Turn } from './turn';

export interface ClosureServiceDeps {
  /** A directory view acting for this tenant and user (the admin's delegated access, or the app's). */
  directoryFor(turn: Turn): DirectoryReader;
  repository: ClosureRepository;
  runner: { dispatch(tenantId: string, event: ClosureEvent): Promise<Dispatched>; settle(tenantId: string, timeoutMs: number): Promise<boolean> };
  links: CloudProfile['links'];
  backupLinks?: (tenantId: string, exportId: string) => { json: string; csv: string } | undefined;
  /** The page where a Global Administrator grants this app admin consent in a tenant (GRAPH_AUTH sso/app). */
  adminConsentUrl?: (tenantId: string) => string | undefined;
  /** The delegated Graph scopes the app registration declares (aad.manifest.json). */
  declaredScopes?: readonly string[];
  /**
   * The scopes the tenant granted, as the admin's delegated Graph token carries them (`scp`);
   * undefined when the bot holds no such token (static or app-only tokens).
   */
  grantedScopes?: (turn: Turn) => Promise<string[] | undefined>;
  log: Logger;
  /** Four eyes: the deployment's minimum of approvers (default 1); an admin may ask for 2 when starting, never fewer. */
  approvers?: 1 | 2;
  /** How long a card action waits for quick background reads before answering (Teams allows a few seconds). */
  settleMs?: number;
}

type Authorized = { directory: DirectoryReader; organization: OrganizationFacts; actor: Actor };

/**
 * What the chat can ask of a closure: the application layer between Teams and the pure core. Every
 * entry point first verifies through Graph that the sender is a Global Administrator of the very
 * tenant the activity comes from; only then is anything read from or written to the tenant's state.
 */
export class ClosureService {
  constructor(private readonly deps: ClosureServiceDeps) {}

  /** "close account": the running closure, or the overview of what closing removes. */
  async overview(turn: Turn): Promise<BotReply> {
    return this.guarded(turn, (authorized) => this.currentReply(turn, authorized));
  }

  private async currentReply(turn: Turn, { directory, organization }: Authorized): Promise<BotReply> {
    const existing = (await this.deps.repository.load(turn.tenantId))?.value;
    if (existing?.status === 'active')
      return await this.closureReply(
        existing,
        turn,
        existing.owner.aadObjectId === turn.actor.aadObjectId ? undefined : { key: 'closure.error.closureAlreadyRunning', params: { ownerName: existing.owner.name }, tone: 'warning' },
      );
    return this.overviewReply(directory, organization);
  }

  async status(turn: Turn): Promise<BotReply> {
    return this.guarded(turn, async () => {
      const state = (await this.deps.repository.load(turn.tenantId))?.value;
      return state ? await this.closureReply(state, turn) : notice('default', 'overview.stepsTitle', 'status.noClosure');
    });
  }

  async cancel(turn: Turn): Promise<BotReply> {
    return this.guarded(turn, async ({ actor }) => this.apply(turn, { type: 'cancel', actor }));
  }

  /** "hand over to <user>": the owner hands the closure to another Global Administrator of the tenant. */
  async handover(turn: Turn, target: string): Promise<BotReply> {
    return this.guarded(turn, async ({ directory, actor }) => {
      const user = await directory.findUser(target);
      if (!user) return notice('attention', 'refusal.title', 'closure.error.invalidHandover');
      const to: Actor = { aadObjectId: user.id.toLowerCase(), name: user.displayName, isGlobalAdmin: (await directory.globalAdminStatus(user.id)) === 'active', tenantId: turn.tenantId };
      if (!to.isGlobalAdmin) return notice('attention', 'refusal.title', 'closure.error.invalidHandover');
      return this.apply(turn, { type: 'handover', actor, to });
    });
  }

  /** A card button (Action.Execute). Everything in `data` is a claim to be checked, never trusted. */
  async act(turn: Turn, verb: string, data: unknown): Promise<BotReply> {
    const action = parseCardAction(verb, data);
    if (action.kind === 'invalid') return notice('attention', 'refusal.title', 'closure.error.actionUnavailable');
    return this.guarded(turn, async (authorized) => {
      const { organization, actor } = authorized;
      switch (action.kind) {
        case 'checkConsent':
          // Consent is in place (guarded checked it): what the admin would have seen without the consent card.
          return this.currentReply(turn, authorized);
        case 'start':
          return this.apply(turn, {
            type: 'start',
            actor,
            closureId: randomUUID(),
            approvers: action.approvers === 2 || this.deps.approvers === 2 ? 2 : 1,
            tenant: { displayName: organization.displayName, initialDomain: organization.initialDomain, syncEnabled: organization.syncEnabled === true },
          });
        case 'cancel':
          return this.apply(turn, { type: 'cancel', actor, card: action.claim });
        case 'act':
          return this.apply(turn, { type: 'act', actor, card: action.claim, verb: action.verb, inputs: action.inputs });
        case 'second':
          // Who answers is the authenticated sender, checked as a Global Administrator through Graph above; the card names only the request.
          return this.apply(turn, { type: 'secondApproval', actor, requestId: `${action.claim.closureId}.approval.${action.claim.version}`, decision: action.decision, reason: action.reason });
      }
    });
  }

  private async apply(turn: Turn, event: ClosureEvent): Promise<BotReply> {
    const result = await this.deps.runner.dispatch(turn.tenantId, event);
    if (!result.ok) return this.refusal(turn, result.error);
    await this.deps.runner.settle(turn.tenantId, this.deps.settleMs ?? 800);
    const state = (await this.deps.repository.load(turn.tenantId))?.value ?? result.state;
    await this.rememberLiveCard(turn, state);
    return await this.closureReply(state, turn);
  }

  private async refusal(turn: Turn, error: ClosureError): Promise<BotReply> {
    const state = (await this.deps.repository.load(turn.tenantId))?.value;
    const tone = error.code === 'closureAlreadyRunning' ? 'warning' : 'attention';
    if (!state) return notice('attention', 'refusal.title', error.key, error.params);
    return await this.closureReply(state, turn, { key: error.key, params: error.params, tone });
  }

  private closureReply(state: ClosureState, turn: Turn, noticeOf?: ClosureCardContext['notice']): Promise<ClosureReply> {
    return closureCardReply(state, turn.actor.aadObjectId, this.deps, noticeOf);
  }

  private async overviewReply(directory: DirectoryReader, organization: OrganizationFacts): Promise<OverviewReply> {
    const counts = await directory.inventoryCounts();
    return {
      kind: 'overview',
      tenantId: organization.id,
      organization: organization.displayName,
      initialDomain: organization.initialDomain,
      counts: { users: counts.users, subscriptions: counts.subscriptions, applications: counts.applications },
      steps: STEP_IDS.map((id) => ({ id, status: 'notStarted' })),
      actions: [{ labelKey: 'overview.start', verb: 'closure.start', data: { tenantId: organization.id }, primary: true }],
      // The start card's toggle can only raise the deployment's minimum (checked again when the start arrives).
      fourEyes: this.deps.approvers === 2 ? 'required' : 'offered',
    };
  }

  /**
   * The bot was installed in someone's personal scope: where to reach them is kept, as for an admin
   * who writes to it, so four eyes can ask them for a second approval later; only once Graph says
   * they are a Global Administrator of the tenant (nobody else's chat is stored). When Graph cannot
   * tell now (with SSO there is no sign-in yet), nothing is kept: they are, once they write.
   */
  async installed(turn: Turn): Promise<void> {
    try {
      const auth = await authorizeGlobalAdmin(turn, this.deps.directoryFor(turn));
      if (auth.ok) await this.remember(turn);
    } catch (error) {
      this.deps.log.info({ err: error, tenantId: turn.tenantId }, 'Installed by someone Graph could not check now: reachable once they write');
    }
  }

  /** Keeps where this admin is reached (and, with `liveCardId`, the card they act on) for notifications and live updates. */
  private async remember(turn: Turn, liveCardId?: string): Promise<void> {
    await this.deps.repository
      .saveContact(turn.tenantId, { aadObjectId: turn.actor.aadObjectId, name: turn.actor.name, target: { conversation: turn.conversation, locale: turn.locale } }, liveCardId)
      .catch((error) => this.deps.log.warn({ err: error, tenantId: turn.tenantId }, 'Could not store the conversation reference'));
  }

  /** The owner's (or delegate's) clicked card is updated in place as background work goes on. */
  private async rememberLiveCard(turn: Turn, state: ClosureState): Promise<void> {
    const involved = [state.owner.aadObjectId, state.delegate?.aadObjectId].includes(turn.actor.aadObjectId);
    if (involved && turn.cardActivityId) await this.remember(turn, turn.cardActivityId);
  }

  private async guarded(turn: Turn, work: (authorized: Authorized) => Promise<BotReply>): Promise<BotReply> {
    try {
      const directory = this.deps.directoryFor(turn);
      // Before anything reads the tenant: every declared scope must be granted there.
      const consent = await this.missingConsent(turn);
      if (consent) return consent;
      const auth = await authorizeGlobalAdmin(turn, directory);
      if (!auth.ok) return auth.reply;
      const actor: Actor = { aadObjectId: turn.actor.aadObjectId, name: turn.actor.name, isGlobalAdmin: true, tenantId: turn.tenantId };
      // Every Global Administrator who writes to the bot can be reached later (four eyes asks them proactively).
      await this.remember(turn);
      return await work({ directory, organization: auth.organization, actor });
    } catch (error) {
      return this.graphErrorReply(turn, error);
    }
  }

  /** The consent card when the admin's token lacks declared scopes; undefined when all are granted or unknown. */
  private async missingConsent(turn: Turn): Promise<ConsentReply | undefined> {
    const granted = await this.deps.grantedScopes?.(turn);
    if (!granted) return undefined;
    const declared = this.deps.declaredScopes ?? [];
    const missing = declared.filter((scope) => !granted.some((g) => g.toLowerCase() === scope.toLowerCase()));
    if (missing.length === 0) return undefined;
    this.deps.log.warn({ tenantId: turn.tenantId, missing }, 'Declared Graph scopes not granted in this tenant');
    return this.consentReply(turn, missing);
  }

  private consentReply(turn: Turn, missing: string[]): ConsentReply {
    const url = this.deps.adminConsentUrl?.(turn.tenantId);
    return { kind: 'consent', missing, declared: [...(this.deps.declaredScopes ?? [])], ...(url ? { url } : {}) };
  }

  private graphErrorReply(turn: Turn, error: unknown): BotReply {
    if (!(error instanceof GraphFailure)) {
      // The request's correlation id, so the admin's reference finds every log line of the turn.
      const reference = currentCorrelationId() ?? randomUUID().slice(0, 8);
      this.deps.log.error({ err: error, tenantId: turn.tenantId, reference }, 'Unexpected error in a closure turn');
      return notice('attention', 'error.title', 'error.unexpected', { reference });
    }
    const failure = error;
    const signInProblem = failure.code === SIGN_IN_REQUIRED || failure.code === CONSENT_REQUIRED;
    const info = errorInfoOf(failure);
    // Entra's own words (AADSTS code, trace id) are what an operator needs to diagnose a sign-in; they carry no token.
    this.deps.log.warn(
      {
        tenantId: turn.tenantId,
        status: failure.status,
        code: failure.code,
        kind: info.kind,
        request: info.request,
        permission: info.permission,
        requestId: failure.requestId,
        ...(signInProblem ? { reason: failure.message.slice(0, 500) } : {}),
      },
      'Graph call failed',
    );
    // No consent, or a declared scope the tenant has not granted: the consent card, not an error.
    if (failure.kind === 'consent') return this.consentReply(turn, []);
    if (info.permission?.verdict === 'scopeMissing' && info.permission.name && consentHelps(info)) return this.consentReply(turn, [info.permission.name]);
    if (failure.kind === 'signIn') return { ...notice('warning', 'error.title', 'error.signInRequired'), endsSignIn: true };
    // An outage, not a refused sign-in: the admin stays signed in (no endsSignIn).
    if (failure.code === IDENTITY_UNAVAILABLE) return notice('attention', 'error.title', 'error.identityUnavailable');
    // Only a transient failure (after the SDK's retries) says "try again in a few minutes".
    const url = consentHelps(info) ? this.deps.adminConsentUrl?.(turn.tenantId) : undefined;
    return { ...notice('attention', 'error.title', 'error.graphUnavailable'), failure: info, ...(url ? { link: { labelKey: 'error.grantConsent', url } } : {}) };
  }
}
