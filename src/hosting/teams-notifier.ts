import { CardFactory, ConversationReference, MessageFactory, TurnContext } from 'botbuilder';
import { BotReply } from '../closure/replies';
import { NotificationTarget, Notifier } from '../ports/notifier.port';
import { Logger } from '../observability/logger';
import { StrictTeamsAdapter } from './bot-adapter';
import { renderReply } from './render-reply';

export interface TeamsNotifierOptions {
  attempts?: number;
  backoffMs?: number;
}

/** Proactive sends and in-place updates through the Bot Framework (continueConversationAsync). */
export class TeamsNotifier implements Notifier {
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
      this.inConversation(target, async (context) => {
        const response = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        id = response?.id;
      }),
    );
    return ok ? id : undefined;
  }

  async update(target: NotificationTarget, activityId: string, reply: BotReply): Promise<boolean> {
    const card = renderReply(target.locale, reply);
    return this.withRetry('update', () =>
      this.inConversation(target, async (context) => {
        await context.updateActivity({ ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), id: activityId });
      }),
    );
  }

  /**
   * Runs `work` in a proactive turn and throws what it threw. botbuilder hands an error thrown in a
   * proactive callback to the adapter's onTurnError and returns normally, so without this a failed
   * send would count as delivered and never be retried.
   */
  private async inConversation(target: NotificationTarget, work: (context: TurnContext) => Promise<void>): Promise<void> {
    let failure: { error: unknown } | undefined;
    await this.adapter.continueConversationAsync(this.botAppId, target.conversation as Partial<ConversationReference>, async (context) => {
      try {
        await work(context);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
  }

  private async withRetry(what: string, work: () => Promise<void>): Promise<boolean> {
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        await work();
        return true;
      } catch (error) {
        this.log.warn({ err: error, attempt, what }, 'Proactive message failed');
        if (attempt < this.attempts) await new Promise((r) => setTimeout(r, this.backoffMs * 2 ** (attempt - 1)));
      }
    }
    return false;
  }
}
