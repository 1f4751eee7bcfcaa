import { LoadConnector } from './load-connector';
import { LoadStats, Outcome } from './latency-stats';
import { adaptiveCardOf, cardActionActivity, messageActivity, personalConversationId } from '../shared/teams-activity';

export interface LoadUser {
  tenantId: string;
  aadObjectId: string;
  name: string;
  initialDomain: string;
  /** owner: drives closures (up to the deletion approval, then cancels); admin: a second Global Administrator; member: not an admin. */
  role: 'owner' | 'admin' | 'member';
}

interface CardAction {
  type: string;
  verb?: string;
  data?: Record<string, unknown>;
}
type Card = { actions?: CardAction[] } & Record<string, unknown>;

/** Text that only appears when something went wrong on our side (not a refusal the user earned). */
const ERROR_CARD = /unexpected error|did not answer as expected|did not complete the last request/i;

/**
 * One personal chat with the bot, looping realistic activities until `deadline`: the owner opens a
 * closure, acknowledges the backup, reaches the deletion approval, types a wrong domain (refused)
 * and cancels, again and again, so no tenant is ever emptied; another Global Administrator asks
 * for the status; non-admins are refused. Every request is timed by activity type.
 */
export class LoadConversation {
  private card: Card = {};
  private cardId?: string;

  constructor(
    private readonly botUrl: string,
    private readonly connector: LoadConnector,
    private readonly user: LoadUser,
    private readonly stats: LoadStats,
    private readonly options: { thinkMs: number; timeoutMs: number; random: () => number },
  ) {}

  async run(deadline: number): Promise<void> {
    const live = () => Date.now() < deadline;
    while (live()) {
      if (this.user.role === 'owner') await this.closureRound(live);
      else {
        await this.say(this.options.random() < 0.5 ? 'status' : 'close account');
        if (this.options.random() < 0.1) await this.say('help');
      }
      await this.think();
    }
  }

  /** Start → backup acknowledged → deletion approval refused (wrong domain) → cancel. */
  private async closureRound(live: () => boolean): Promise<void> {
    await this.say('close account');
    if (this.verbs().includes('closure.start')) await this.click('closure.start');
    for (const verb of ['closure.acknowledgeBackup', 'closure.deleteUsers']) {
      for (let polls = 0; live() && !this.verbs().includes(verb) && polls < 30; polls++) {
        await this.think();
        await this.say('status');
      }
      if (!this.verbs().includes(verb)) break;
      await this.think();
      await this.click(verb, verb === 'closure.deleteUsers' ? { confirmation: `not-${this.user.initialDomain}` } : {});
    }
    if (this.verbs().includes('closure.cancel')) {
      await this.think();
      await this.click('closure.cancel');
    }
  }

  private verbs(): string[] {
    return (this.card.actions ?? []).filter((a) => a.type === 'Action.Execute').map((a) => a.verb ?? '');
  }

  private async say(text: string): Promise<void> {
    const activity = messageActivity(this.connector.url, this.user, text);
    const answer = await this.post(`message: ${text}`, activity, () => {
      const reply = this.connector.take(personalConversationId(this.user), activity.id);
      const card = adaptiveCardOf<Card>(reply?.body);
      if (!card) return undefined;
      this.card = card;
      this.cardId = reply?.id;
      return card;
    });
    if (!answer) this.card = {};
  }

  private async click(verb: string, inputs: Record<string, unknown> = {}): Promise<void> {
    const action = (this.card.actions ?? []).find((a) => a.type === 'Action.Execute' && a.verb === verb);
    const activity = cardActionActivity(this.connector.url, this.user, verb, { ...(action?.data ?? {}), ...inputs }, { replyToId: this.cardId });
    await this.post(`invoke: ${verb}`, activity, (body) => {
      const value = (body as { value?: Card } | undefined)?.value;
      if (value) this.card = value;
      return value;
    });
  }

  /** Posts one activity, times it, classifies the outcome; answers the card read from the reply. */
  private async post(type: string, activity: { id: string }, readCard: (body: unknown) => Card | undefined): Promise<Card | undefined> {
    const started = performance.now();
    let outcome: Outcome = { kind: 'ok' };
    let card: Card | undefined;
    try {
      const response = await fetch(`${this.botUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = await response.text();
      if (response.status < 200 || response.status > 299) outcome = { kind: 'status', status: response.status };
      else {
        card = readCard(text ? JSON.parse(text) : undefined);
        if (!card) outcome = { kind: 'status', status: 0 };
        else if (ERROR_CARD.test(JSON.stringify(card))) outcome = { kind: 'errorCard' };
      }
    } catch (error) {
      outcome = (error as Error).name === 'TimeoutError' ? { kind: 'timeout' } : { kind: 'transport' };
    }
    this.stats.record(type, performance.now() - started, outcome);
    return outcome.kind === 'ok' ? card : undefined;
  }

  private think(): Promise<void> {
    return new Promise((r) => setTimeout(r, Math.floor(this.options.random() * this.options.thinkMs)));
  }
}
