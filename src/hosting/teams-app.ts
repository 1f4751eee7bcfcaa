import { ActivityTypes, CardFactory, INVOKE_RESPONSE_KEY, MemoryStorage, MessageFactory, TurnContext } from 'botbuilder';
import { Application, ApplicationOptions, TurnState } from '@microsoft/teams-ai';
import { ClosureService } from '../closure/closure-service';
import { BotReply, notice } from '../closure/replies';
import { parseCommand, parseHandover } from '../conversation/command-parser';
import { helpCard, welcomeCard } from '../cards/presenters/command-list.presenter';
import { AdaptiveCardJson } from '../cards/render-card';
import { resolveLocale } from '../i18n/locale';
import { t } from '../i18n/translate';
import { Logger } from '../observability/logger';
import { renderReply } from './render-reply';
import { localeOf, readTurn } from './turn-reader';
import { StrictTeamsAdapter } from './bot-adapter';

export interface TeamsAppDeps {
  adapter: StrictTeamsAdapter;
  botAppId: string;
  closures: ClosureService;
  log: Logger;
  /** GRAPH_AUTH=sso: the Azure Bot OAuth connection Teams SSO goes through. */
  ssoConnectionName?: string;
}

/**
 * The thin Teams layer: it routes activities to the closure service and renders what comes back.
 * No closure rule lives here. Teams AI keeps no state of its own (no storage): closures are stored
 * per tenant by the closure layer.
 */
export function createTeamsApp(deps: TeamsAppDeps): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter: deps.adapter,
    botAppId: deps.botAppId,
    startTypingTimer: false,
    removeRecipientMention: true,
    ...(deps.ssoConnectionName ? ssoOptions(deps.ssoConnectionName) : {}),
  });

  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient?.id;
    const botAdded = context.activity.membersAdded?.some((m) => m.id === botId);
    if (botAdded && context.activity.conversation?.conversationType !== 'channel') {
      await sendCard(context, welcomeCard(resolveLocale(localeOf(context.activity))));
    }
  });

  app.message(
    async (context) => context.activity.type === ActivityTypes.Message,
    async (context, state) => {
      const locale = resolveLocale(localeOf(context.activity));
      const text = typeof context.activity.text === 'string' ? context.activity.text : '';
      const command = parseCommand(text);
      if (command === 'help') return sendCard(context, helpCard(locale));
      const handoverTo = command ? undefined : parseHandover(text);
      if (handoverTo) {
        const reading = readTurn(context, userAssertion(state));
        if (!reading.ok) return sendCard(context, renderReply(locale, notice('attention', 'refusal.title', `refusal.${reading.problem}`)));
        if (!reading.personal) return sendCard(context, renderReply(locale, notice('attention', 'refusal.title', 'refusal.notPersonal')));
        return sendCard(context, renderReply(reading.turn.locale, await deps.closures.handover(reading.turn, handoverTo)));
      }
      if (!command) {
        // Action.Submit posts (value without text) and anything unrecognised get the same clear answer.
        const reply = text.trim()
          ? notice('default', 'help.title', 'error.unknownCommand', { text: text.trim().slice(0, 60) })
          : notice('default', 'help.title', 'error.invalidInput');
        return sendCard(context, renderReply(locale, reply));
      }
      const reading = readTurn(context, userAssertion(state));
      if (!reading.ok) return sendCard(context, renderReply(locale, notice('attention', 'refusal.title', `refusal.${reading.problem}`)));
      if (!reading.personal) return sendCard(context, renderReply(locale, notice('attention', 'refusal.title', 'refusal.notPersonal')));
      const { turn } = reading;
      const reply: BotReply =
        command === 'close' ? await deps.closures.overview(turn) : command === 'status' ? await deps.closures.status(turn) : await deps.closures.cancel(turn);
      await sendCard(context, renderReply(turn.locale, reply));
    },
  );

  app.adaptiveCards.actionExecute<Record<string, unknown>>(/^[\s\S]*$/, async (context, state, data) => {
    const locale = resolveLocale(localeOf(context.activity));
    const reading = readTurn(context, userAssertion(state));
    if (!reading.ok) return renderReply(locale, notice('attention', 'refusal.title', `refusal.${reading.problem}`));
    if (!reading.personal) return renderReply(locale, notice('attention', 'refusal.title', 'refusal.notPersonal'));
    const verb = (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
    const reply = await deps.closures.act(reading.turn, typeof verb === 'string' ? verb : '', data);
    return renderReply(reading.turn.locale, reply);
  });

  return app;
}

/**
 * Invokes no route answered (a card action that is not a well-formed Action.Execute, or an invoke
 * this bot does not implement) would leave botbuilder to answer 501. A malformed card action gets
 * the same clear card as an unknown verb; any other invoke a 400: the sender's mistake, not ours.
 */
export async function answerUnhandledInvoke(context: TurnContext): Promise<void> {
  if (context.activity.type !== ActivityTypes.Invoke || context.turnState.get(INVOKE_RESPONSE_KEY)) return;
  const cardAction = context.activity.name === 'adaptiveCard/action';
  const body = cardAction
    ? {
        statusCode: 200,
        type: 'application/vnd.microsoft.card.adaptive',
        value: renderReply(resolveLocale(localeOf(context.activity)), notice('attention', 'refusal.title', 'closure.error.actionUnavailable')),
      }
    : { error: 'unsupported invoke' };
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: cardAction ? 200 : 400, body } });
}

/**
 * Teams SSO through Teams AI's authentication: the sign-in (or silent token exchange) happens
 * before a command or card action that needs Graph; the token then arrives in
 * `state.temp.authTokens.graph`. Teams AI keeps its sign-in dialog state in memory (one instance
 * per conversation at a time); the closure itself is never kept there.
 */
function ssoOptions(connectionName: string): Pick<ApplicationOptions<TurnState>, 'authentication' | 'storage'> {
  return {
    storage: new MemoryStorage(),
    authentication: {
      settings: { graph: { connectionName, title: t('en', 'signIn.title'), text: t('en', 'signIn.text'), enableSso: true, endOnInvalidMessage: true } },
      autoSignIn: async (context) =>
        (context.activity.type === ActivityTypes.Message && (parseCommand(context.activity.text) !== undefined || parseHandover(context.activity.text) !== undefined) && parseCommand(context.activity.text) !== 'help') ||
        (context.activity.type === ActivityTypes.Invoke && context.activity.name === 'adaptiveCard/action'),
    },
  };
}

/** The SSO token Teams AI obtained for this turn, if any. */
function userAssertion(state: TurnState): string | undefined {
  const token = (state.temp as { authTokens?: Record<string, string | undefined> } | undefined)?.authTokens?.graph;
  return typeof token === 'string' && token ? token : undefined;
}

async function sendCard(context: TurnContext, card: AdaptiveCardJson): Promise<void> {
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
}
