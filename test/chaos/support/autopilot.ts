import { GraphSimulator, TenantInfo } from '../../../graph-sim';
import { ClosureState } from '../../../src/core';
import { ClosureDriver } from '../../support/closure-driver';

export interface AutopilotOptions {
  sim: GraphSimulator;
  tenant: TenantInfo;
  driver: ClosureDriver;
  /** The closure as the bot stored it: the admin-center parts follow the real current step. */
  readState(): Promise<ClosureState | undefined>;
  /** Just before a request is sent (a chaos hook that lands in the middle of the turn). */
  beforeAction?(verb: string): void;
  /** After every request that reached the bot (the chaos hook: kill, fault, …). */
  afterAction?(count: number, verb: string): void;
  /** A request failed at the transport level (the bot is down): resolves once a bot answers again. */
  onUnreachable?(error: unknown): Promise<void>;
  /** How many "Try again" clicks the admin makes before giving up (a stop with a clear message). */
  maxRetries?: number;
  timeoutMs: number;
}

export interface AutopilotResult {
  outcome: 'completed' | 'stoppedWithError';
  /** Every verb clicked, in order. */
  clicks: string[];
  /** Texts of every card that showed a step error (each must tell the admin what to do). */
  errorCards: string[];
  lastText: string;
}

const COMPLETE = /Ready for the final deletion/;

/**
 * Plays the admin and the admin centers until the closure ends, reading only what a real admin
 * sees: the card's buttons. It is state-driven (look at the card, do what it offers), so it picks
 * up wherever a crash, a fault or a restart left the closure.
 */
export async function runClosure(options: AutopilotOptions): Promise<AutopilotResult> {
  const { driver, sim, tenant } = options;
  const result: AutopilotResult = { outcome: 'completed', clicks: [], errorCards: [], lastText: '' };
  const deadline = Date.now() + options.timeoutMs;
  let actions = 0;
  let retries = 0;
  let started = false;

  const act = async (verb: string, work: () => Promise<unknown>) => {
    try {
      options.beforeAction?.(verb);
      await work();
      actions++;
      if (verb !== 'status') result.clicks.push(verb);
      options.afterAction?.(actions, verb);
    } catch (error) {
      if (!options.onUnreachable || !isTransportError(error)) throw error;
      await options.onUnreachable(error);
    }
  };

  for (;;) {
    if (Date.now() > deadline) throw new Error(`Closure did not end in time. Clicks: ${result.clicks.join(', ')}\nLast card:\n${driver.text}`);
    const verbs = driver.verbs();
    const text = driver.text;
    result.lastText = text;
    if (verbs.length === 0 && COMPLETE.test(text)) return result;

    if (verbs.includes('closure.retry')) {
      result.errorCards.push(text);
      if (++retries > (options.maxRetries ?? 20)) return { ...result, outcome: 'stoppedWithError' };
      await act('closure.retry', () => driver.click('closure.retry'));
      continue;
    }
    const next = await nextMove(options, verbs);
    if (next) {
      await act(next.verb, () => driver.click(next.verb, next.inputs));
      continue;
    }
    // Nothing started yet, or the start itself met a Graph fault (an error notice, nothing stored):
    // the admin simply asks again, as they would in Teams.
    if (!started || /No closure is in progress|did not answer as expected|refused the request/.test(text)) {
      if (started && ++retries > (options.maxRetries ?? 20)) return { ...result, outcome: 'stoppedWithError' };
      started = true;
      await act('close account', () => driver.say('close account'));
      continue;
    }
    await new Promise((r) => setTimeout(r, 120));
    await act('status', () => driver.say('status'));
  }

  async function nextMove(o: AutopilotOptions, verbs: string[]): Promise<{ verb: string; inputs?: Record<string, unknown> } | undefined> {
    const typed = { confirmation: tenant.initialDomain };
    for (const verb of ['closure.start', 'closure.acknowledgeBackup', 'closure.disableSync', 'closure.continue', 'closure.deleteApplications', 'closure.deleteServicePrincipals']) {
      if (verbs.includes(verb)) return { verb };
    }
    if (verbs.includes('closure.deleteUsers')) return { verb: 'closure.deleteUsers', inputs: typed };
    if (verbs.includes('closure.complete')) return { verb: 'closure.complete', inputs: driver.finalInputs(tenant.initialDomain) };
    if (verbs.includes('closure.checkAgain')) {
      await adminCenter((await o.readState())?.currentStep);
      return { verb: 'closure.checkAgain' };
    }
    return undefined;
  }

  /** What the admin does by hand in the admin centers for the step the bot waits on. */
  async function adminCenter(step: string | undefined): Promise<void> {
    const admin = sim.admin(tenant.tenantId);
    const subscriptions = sim.inspect(tenant.tenantId).subscriptions;
    if (step === 'users') admin.completeSyncDisable();
    if (step === 'cancelSubscriptions') for (const s of subscriptions) if (s.status === 'Enabled' || s.status === 'Warning') admin.cancelSubscription(s.id);
    if (step === 'deleteSubscriptions') {
      for (const s of subscriptions) if (s.status === 'Suspended' || s.status === 'LockedOut') admin.deleteSubscription(s.id);
      admin.advanceHours(73);
    }
  }
}

/** The bot did not answer at all (killed, restarting), as opposed to an HTTP answer. */
export function isTransportError(error: unknown): boolean {
  const text = `${(error as Error)?.message ?? ''} ${String((error as { cause?: Error })?.cause ?? '')}`;
  return /fetch failed|ECONNREFUSED|ECONNRESET|socket hang up|other side closed|UND_ERR|terminated/i.test(text);
}
