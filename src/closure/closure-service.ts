import { DirectoryReader } from '../ports/directory.port';
import { GraphFailure } from '../graph/graph-failure';
import { authorizeGlobalAdmin } from './authorize';
import { BotReply, notice, OverviewStep } from './replies';
import { Turn } from './turn';

export const STEP_ORDER = ['prepare', 'users', 'cancelSubscriptions', 'deleteSubscriptions', 'mfa', 'directory'] as const;

export interface ClosureServiceDeps {
  /** A directory view acting for this tenant and user (the admin's delegated access, or the app's). */
  directoryFor(turn: Turn): DirectoryReader;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/** What the chat can ask of the closure: the application layer between Teams and the core. */
export class ClosureService {
  constructor(private readonly deps: ClosureServiceDeps) {}

  /** "close account": after the Global Administrator check, the overview of what closing removes. */
  async overview(turn: Turn): Promise<BotReply> {
    return this.guarded(turn, async (directory, organization) => {
      const counts = await directory.inventoryCounts();
      const steps: OverviewStep[] = STEP_ORDER.map((id) => ({ id, status: 'notStarted' }));
      return {
        kind: 'overview',
        tenantId: organization.id,
        organization: organization.displayName,
        initialDomain: organization.initialDomain,
        counts: { users: counts.users, subscriptions: counts.subscriptions, applications: counts.applications },
        steps,
        actions: [{ labelKey: 'overview.start', verb: 'closure.start', data: { tenantId: organization.id }, primary: true }],
      };
    });
  }

  async status(turn: Turn): Promise<BotReply> {
    return this.guarded(turn, async () => notice('default', 'overview.stepsTitle', 'status.noClosure'));
  }

  async cancel(turn: Turn): Promise<BotReply> {
    return this.guarded(turn, async () => notice('default', 'overview.stepsTitle', 'status.noClosure'));
  }

  /** A card button (Action.Execute). Everything in `data` is a claim to be checked, never trusted. */
  async act(turn: Turn, verb: string, data: unknown): Promise<BotReply> {
    void verb;
    void data;
    return this.overview(turn);
  }

  private async guarded(
    turn: Turn,
    work: (directory: DirectoryReader, organization: { id: string; displayName: string; initialDomain: string }) => Promise<BotReply>,
  ): Promise<BotReply> {
    try {
      const auth = await authorizeGlobalAdmin(turn, this.deps.directoryFor(turn));
      if (!auth.ok) return auth.reply;
      return await work(auth.directory, auth.organization);
    } catch (error) {
      return this.graphErrorReply(turn, error);
    }
  }

  private graphErrorReply(turn: Turn, error: unknown): BotReply {
    const failure = GraphFailure.from(error);
    this.deps.log.warn({ tenantId: turn.tenantId, status: failure.status, code: failure.code, requestId: failure.requestId }, 'Graph call failed');
    if (failure.code === 'SignInRequired') return notice('warning', 'error.title', 'error.signInRequired');
    if (failure.status === 401 || failure.status === 403) return notice('attention', 'error.title', 'error.graphDenied', { code: failure.code });
    return notice('attention', 'error.title', 'error.graphUnavailable', { code: failure.code });
  }
}
