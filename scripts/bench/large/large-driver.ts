import { LoadConnector } from '../../load/load-connector';
import { adaptiveCardOf, cardActionActivity, messageActivity, personalConversationId, TeamsUser } from '../../shared/teams-activity';

interface CardAction {
  type: string;
  verb?: string;
  url?: string;
  data?: Record<string, unknown>;
}
type Card = { actions?: CardAction[] } & Record<string, unknown>;

/** The admin of the large run, in their personal chat with the bot: types commands, clicks buttons. */
export class LargeDriver {
  card: Card = {};
  private cardId?: string;

  constructor(
    private readonly botUrl: string,
    private readonly connector: LoadConnector,
    private readonly user: TeamsUser,
  ) {}

  verbs(): string[] {
    return (this.card.actions ?? []).filter((a) => a.type === 'Action.Execute').map((a) => a.verb ?? '');
  }

  /** The card's download links, told apart by the file they name. */
  links(): { json?: string; csv?: string } {
    const urls = (this.card.actions ?? []).filter((a) => a.type === 'Action.OpenUrl').map((a) => a.url ?? '');
    return { json: urls.find((u) => /\.json\?/.test(u)), csv: urls.find((u) => /\.csv\?/.test(u)) };
  }

  async say(text: string): Promise<void> {
    const activity = messageActivity(this.connector.url, this.user, text);
    const response = await this.post(activity);
    if (response.status !== 200) throw new Error(`"${text}" answered ${response.status}`);
    const reply = this.connector.take(personalConversationId(this.user), activity.id);
    const card = adaptiveCardOf<Card>(reply?.body);
    if (!card) throw new Error(`"${text}" got no card`);
    this.card = card;
    this.cardId = reply?.id;
  }

  async click(verb: string, inputs: Record<string, unknown> = {}): Promise<void> {
    const action = (this.card.actions ?? []).find((a) => a.type === 'Action.Execute' && a.verb === verb);
    if (!action) throw new Error(`no "${verb}" on the card; it offers ${this.verbs().join(', ')}`);
    const response = await this.post(cardActionActivity(this.connector.url, this.user, verb, { ...(action.data ?? {}), ...inputs }, { replyToId: this.cardId }));
    const value = (response.body as { value?: Card } | undefined)?.value;
    if (response.status !== 200 || !value) throw new Error(`"${verb}" answered ${response.status}`);
    this.card = value;
  }

  /** Asks for "status" every `everyMs` until the card offers `verb`, or `deadline` passes. */
  async waitFor(verb: string, deadline: number, everyMs = 1_000): Promise<void> {
    while (!this.verbs().includes(verb)) {
      if (Date.now() > deadline) throw new Error(`no "${verb}" before the time cap; the card offers ${this.verbs().join(', ')}`);
      await new Promise((r) => setTimeout(r, everyMs));
      await this.say('status');
    }
  }

  private async post(activity: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity), signal: AbortSignal.timeout(30_000) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }
}
