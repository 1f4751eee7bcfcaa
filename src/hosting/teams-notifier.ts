import { CardFactory, ConversationReference, MessageFactory } from 'botbuilder';
import { BotReply } from '../closure/replies';
import { NotificationTarget, Notifier } from '../ports/notifier.port';
import { Logger } from '../observability/logger';
import { StrictTeamsAdapter } from './bot-adapter';
import { inProactiveTurn } from './proactive-turn';
import { renderReply } from './render-reply';
import { systemClock } from '../time/clock';

export interface TeamsNotifierOptions {
  attempts?: number;
  backoffMs?: number;
}

/** Proactive sends and in-place updates through the Bot Framework (continueConversationAsync). */
export class TeamsNotifier implements Notifier<BotReply> {
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(
    private readonly adapter: StrictTeamsAdapter,
    private readonly botAppId: string,
    private readonly log: Logger,
    options: TeamsNotifierOptions = {},
  ) {
    this.attempts = options.attempts ?? 3;
    this.backoffMs = options.backoffMs ?? 500;
  }

  async send(target: NotificationTarget, reply: BotReply): Promise<string | undefined> {
    const card = renderReply(target.locale, reply);
    let id: string | undefined;
    const ok = await this.withRetry('send', () =>
      inProactiveTurn(this.adapter, this.botAppId, target.conversation as Partial<ConversationReference>, async (context) => {
        const response = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        id = response?.id;
      }),
    );
    return ok ? id : undefined;
  }

  async update(target: NotificationTarget, activityId: string, reply: BotReply): Promise<boolean> {
    const card = renderReply(target.locale, reply);
    return this.withRetry('update', () =>
      inProactiveTurn(this.adapter, this.botAppId, target.conversation as Partial<ConversationReference>, async (context) => {
        await context.updateActivity({ ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), id: activityId });
      }),
    );
  }

  private async withRetry(what: string, work: () => Promise<void>): Promise<boolean> {
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        await work();
        return true;
      } catch (error) {
        this.log.warn({ err: error, attempt, what }, 'Proactive message failed');
        if (attempt < this.attempts) await systemClock.sleep(this.backoffMs * 2 ** (attempt - 1));
      }
    }
    return false;
  }
}
