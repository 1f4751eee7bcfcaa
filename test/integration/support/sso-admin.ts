import { FakeConnector, isMessageSend } from '../../support/fake-connector';
import { cardActionActivity, cardText, firstCard, messageActivity, postActivity, TeamsUser } from '../../support/teams-activity';

type Card = Record<string, unknown>;
interface CardAction {
  type: string;
  verb?: string;
  data?: Record<string, unknown>;
}

export interface SsoAdminDeps {
  connector: FakeConnector;
  /** The Bot Framework's Authorization header for an activity (activities are checked: BOT_ID is set). */
  signed: () => Record<string, string>;
  /** Teams' SSO token for this admin, as Entra would issue it for the bot's API. */
  ssoToken: () => string;
  connectionName: string;
}

/**
 * An admin in Teams with SSO, driving a closure through the real bot: every activity is signed like
 * the Bot Framework's, and when the bot answers with a sign-in card Teams exchanges its SSO token
 * silently (signin/tokenExchange), as the Teams client does.
 */
export class SsoAdmin {
  card: Card = {};
  cardId?: string;
  readonly teamsId: string;
  readonly conversationId: string;

  constructor(
    private botUrl: string,
    readonly user: TeamsUser,
    private readonly deps: SsoAdminDeps,
  ) {
    this.teamsId = `29:${user.aadObjectId}`;
    this.conversationId = `a:personal-${user.aadObjectId}`;
  }

  retarget(botUrl: string): void {
    this.botUrl = botUrl;
  }

  get text(): string {
    return cardText(this.card);
  }

  verbs(): string[] {
    return ((this.card.actions as CardAction[] | undefined) ?? []).filter((a) => a.type === 'Action.Execute').map((a) => a.verb ?? '');
  }

  /** Messages the bot sent to this admin's chat since `since` (an index into the connector's calls). */
  sentSince(since: number): Array<Record<string, unknown>> {
    return this.deps.connector.calls
      .slice(since)
      .filter((c) => isMessageSend(c) && c.conversationId === this.conversationId)
      .map((c) => c.body);
  }

  /** Types a command; a sign-in card is answered with Teams' token exchange. Takes the card of the reply. */
  async say(text: string): Promise<{ signedIn: boolean }> {
    const before = this.deps.connector.calls.length;
    const response = await postActivity(this.botUrl, messageActivity(this.deps.connector.url, this.user, text), this.deps.signed());
    if (response.status !== 200) throw new Error(`"${text}" answered ${response.status}`);
    const reply = this.lastReply(before);
    const oauth = oauthCardOf(reply.body);
    if (!oauth) {
      this.take(reply);
      return { signedIn: false };
    }
    const exchangeStart = this.deps.connector.calls.length;
    const { text: _text, ...envelope } = messageActivity(this.deps.connector.url, this.user, '');
    const exchange = { ...envelope, type: 'invoke', name: 'signin/tokenExchange', value: { id: oauth.tokenExchangeResource!.id, connectionName: this.deps.connectionName, token: this.deps.ssoToken() } };
    const answer = await postActivity(this.botUrl, exchange, this.deps.signed());
    if (answer.status !== 200) throw new Error(`the token exchange answered ${answer.status}`);
    this.take(this.lastReply(exchangeStart));
    return { signedIn: true };
  }

  /** Clicks a button of the current card (Action.Execute); a sign-in request is answered with Teams' SSO token. */
  async click(verb: string, inputs: Record<string, unknown> = {}): Promise<{ signedIn: boolean }> {
    const action = ((this.card.actions as CardAction[] | undefined) ?? []).find((a) => a.type === 'Action.Execute' && a.verb === verb);
    if (!action) throw new Error(`No "${verb}" button on the card. Buttons: ${this.verbs().join(', ')}\n${this.text}`);
    const activity = cardActionActivity(this.deps.connector.url, this.user, verb, { ...(action.data ?? {}), ...inputs }, { replyToId: this.cardId });
    let response = await postActivity(this.botUrl, activity, this.deps.signed());
    let signedIn = false;
    if ((response.body as { type?: string })?.type === 'application/vnd.microsoft.activity.loginRequest') {
      signedIn = true;
      const retried = { ...activity, value: { ...activity.value, authentication: { id: `retry-${Date.now()}`, connectionName: this.deps.connectionName, token: this.deps.ssoToken() } } };
      response = await postActivity(this.botUrl, retried, this.deps.signed());
    }
    const body = response.body as { type?: string; value?: Card } | undefined;
    if (response.status !== 200 || body?.type !== 'application/vnd.microsoft.card.adaptive' || !body.value) throw new Error(`"${verb}" answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
    this.card = body.value;
    return { signedIn };
  }

  /** Asks for "status" until the card satisfies `ready`. */
  async waitFor(ready: (admin: SsoAdmin) => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (ready(this)) return;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. Last card:\n${this.text}\nButtons: ${this.verbs().join(', ')}`);
      await new Promise((r) => setTimeout(r, 150));
      await this.say('status');
    }
  }

  private lastReply(since: number) {
    const reply = this.deps.connector.calls.slice(since).find((c) => isMessageSend(c) && c.conversationId === this.conversationId);
    if (!reply) throw new Error('the bot did not answer');
    return reply;
  }

  private take(reply: { body: Record<string, unknown>; responseId?: string }): void {
    this.card = firstCard(reply.body);
    this.cardId = reply.responseId;
  }
}

export function oauthCardOf(activity: Record<string, unknown>): { connectionName: string; tokenExchangeResource?: { id: string; uri: string } } | undefined {
  const attachments = (activity.attachments as Array<{ contentType: string; content: { connectionName: string; tokenExchangeResource?: { id: string; uri: string } } }> | undefined) ?? [];
  return attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.oauth')?.content;
}
