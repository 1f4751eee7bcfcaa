import { adaptiveCardProblems } from './adaptive-card-check';
import { articleDisagreements } from './article-steps';
import { dumpCardText } from './card-dump';
import { FakeConnector, isMessageSend } from './fake-connector';
import { cardActionActivity, cardText, firstCard, messageActivity, openUrlActions, postActivity, TeamsUser } from './teams-activity';

type Card = Record<string, unknown>;
interface CardAction {
  type: string;
  verb?: string;
  title?: string;
  url?: string;
  data?: Record<string, unknown>;
}

/**
 * Drives a closure as an admin in Teams would: types commands, reads the card that comes back,
 * clicks its Action.Execute buttons (with what the card's inputs would merge in), and follows the
 * card that the invoke answer puts in place of the clicked one.
 */
export class ClosureDriver {
  /** The card on screen and the id of the message that holds it. */
  card: Card = {};
  cardId?: string;

  constructor(
    private botUrl: string,
    private readonly connector: FakeConnector,
    readonly user: TeamsUser,
    private readonly locale = 'en-US',
  ) {}

  /** Talks to another bot instance from now on (a restarted or second process). */
  retarget(botUrl: string): void {
    this.botUrl = botUrl;
  }

  get text(): string {
    return cardText(this.card);
  }

  get actions(): CardAction[] {
    return (this.card.actions as CardAction[] | undefined) ?? [];
  }

  verbs(): string[] {
    return this.actions.filter((a) => a.type === 'Action.Execute').map((a) => a.verb ?? '');
  }

  /** Types a command and takes the card of the reply. */
  async say(text: string): Promise<Card> {
    const before = this.connector.calls.length;
    const response = await postActivity(this.botUrl, messageActivity(this.connector.url, this.user, text, { locale: this.locale }));
    if (response.status !== 200) throw new Error(`"${text}" answered ${response.status}`);
    const reply = this.connector.calls.slice(before).find((c) => isMessageSend(c) && c.conversationId === `a:personal-${this.user.aadObjectId}`);
    if (!reply) throw new Error(`"${text}" got no reply`);
    this.card = this.checked(firstCard(reply.body));
    this.cardId = reply.responseId;
    return this.card;
  }

  /** Clicks a button of the current card; `inputs` are what the card's input fields would add. */
  async click(verb: string, inputs: Record<string, unknown> = {}, data?: Record<string, unknown>): Promise<{ status: number; card: Card }> {
    const action = this.actions.find((a) => a.type === 'Action.Execute' && a.verb === verb);
    if (!action && !data) throw new Error(`No "${verb}" button on the card. Buttons: ${this.verbs().join(', ')}\n${this.text}`);
    const activity = cardActionActivity(this.connector.url, this.user, verb, { ...(data ?? action?.data ?? {}), ...inputs }, { locale: this.locale, replyToId: this.cardId });
    const response = await postActivity(this.botUrl, activity);
    const body = response.body as { type?: string; value?: Card } | undefined;
    if (response.status === 200 && body?.type === 'application/vnd.microsoft.card.adaptive' && body.value) this.card = this.checked(body.value);
    return { status: response.status, card: this.card };
  }

  /** The ids of the card's Input.Toggle fields (Step 5: the checks the admin confirms by hand). */
  toggles(): string[] {
    const ids: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const element = node as Record<string, unknown>;
        if (element.type === 'Input.Toggle' && typeof element.id === 'string') ids.push(element.id);
        Object.values(element).forEach(walk);
      }
    };
    walk(this.card.body);
    return ids;
  }

  /** What the final confirmation sends when the admin ticks every check the card asks them to confirm, and types `domain`. */
  finalInputs(domain: string): Record<string, string> {
    return { confirmation: domain, ...Object.fromEntries(this.toggles().map((id) => [id, 'true'])) };
  }

  /** Asks for "status" until the card satisfies `ready` (background work finishing). */
  async waitFor(ready: (driver: ClosureDriver) => boolean, what: string, timeoutMs = 20_000): Promise<Card> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (ready(this)) return this.card;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. Last card:\n${this.text}\nButtons: ${this.verbs().join(', ')}`);
      await new Promise((r) => setTimeout(r, 150));
      await this.say('status');
    }
  }

  /** Waits until the card offers `verb`, then clicks it. */
  async when(verb: string, inputs: Record<string, unknown> = {}, timeoutMs?: number): Promise<{ status: number; card: Card }> {
    await this.waitFor((d) => d.verbs().includes(verb), `a "${verb}" button`, timeoutMs);
    return this.click(verb, inputs);
  }

  /**
   * Every card the admin is shown numbers and titles the steps as Microsoft's article does, and is
   * one Teams shows as built (schema, Microsoft's renderer under Teams' host config).
   */
  private checked(card: Card): Card {
    const problems = [...articleDisagreements(card, this.locale), ...adaptiveCardProblems(card)];
    if (problems.length > 0) throw new Error(`The card disagrees with Microsoft's article or Teams:\n${problems.join('\n')}\n${cardText(card)}`);
    dumpCardText(card, this.locale);
    return card;
  }

  link(title: RegExp): string | undefined {
    return openUrlActions(this.card).find((a) => title.test(a.title ?? ''))?.url;
  }
}
