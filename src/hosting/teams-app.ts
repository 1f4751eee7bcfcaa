import { ActivityTypes, CardFactory, INVOKE_RESPONSE_KEY, MessageFactory, TurnContext } from 'botbuilder';
import { Application, TurnState } from '@microsoft/teams-ai';
import { ClosureService } from '../closure/closure-service';
import { BotReply, notice } from '../closure/replies';
import { parseCommand, parseHandover } from '../conversation/command-parser';
import { helpCard, welcomeCard } from '../cards/presenters/command-list.presenter';
import { AdaptiveCardJson } from '../cards/render-card';
import { resolveLocale } from '../i18n/locale';
import { Logger } from '../observability/logger';
import { StateStore } from '../ports/state-store.port';
import { onSignInEnd, signOutWith, ssoOptions, userAssertion } from './teams-sso';
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
  /** Where Teams AI keeps pending sign-ins (GRAPH_AUTH=sso): the bot's state store, shared by its instances. */
  store: StateStore;
}

/**
 * The thin Teams layer: it routes activities to the closure service and renders what comes back.
 * No closure rule lives here: closures are stored per tenant by the closure layer. Teams AI keeps
 * state only with SSO (its pending sign-ins, see teams-sso.ts).
 */
export function createTeamsApp(deps: TeamsAppDeps): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter: deps.adapter,
    botAppId: deps.botAppId,
    startTypingTimer: false,
    removeRecipientMention: true,
    ...(deps.ssoConnectionName ? ssoOptions(deps.ssoConnectionName, deps.botAppId, deps.store, deps.log) : {}),
  });

  const forgetSignIn = deps.ssoConnectionName ? signOutWith(app, deps.log) : undefined;

  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient?.id;
    const botAdded = context.activity.membersAdded?.some((m) => m.id === botId);
    if (botAdded && context.activity.conversation?.conversationType !== 'channel') {
      await sendCard(context, welcomeCard(resolveLocale(localeOf(context.activity))));
      await rememberInstaller(context, deps);
    }
  });

  // Teams also says "installed" (or "upgraded") in its own activity; either way the installer's chat is kept.
  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const action = (context.activity as { action?: unknown }).action;
    if (action === 'add' || action === 'add-upgrade') await rememberInstaller(context, deps);
  });

  app.message(
    async (context) => context.activity.type === ActivityTypes.Message,
    async (context, state) => runCommand(context, state, deps, { forgetSignIn }),
  );

  app.adaptiveCards.actionExecute<Record<string, unknown>>(/^[\s\S]*$/, async (context, state, data) => {
    const locale = resolveLocale(localeOf(context.activity));
    const reading = readTurn(context, userAssertion(state));
    if (!reading.ok) return renderReply(locale, notice('attention', 'refusal.title', `refusal.${reading.problem}`));
    if (!reading.personal) return renderReply(locale, notice('attention', 'refusal.title', 'refusal.notPersonal'));
    const verb = (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
    const reply = await deps.closures.act(reading.turn, typeof verb === 'string' ? verb : '', data);
    if (endsSignIn(reply, state)) await forgetSignIn?.(context, state);
    return renderReply(reading.turn.locale, reply);
  });

  if (deps.ssoConnectionName) {
    onSignInEnd(app, {
      log: deps.log,
      // After a sign-in, the activity is the sign-in's, not a card's: it names no card to update later.
      runCommand: (context, state) => runCommand(context, state, deps, { replayed: true, forgetSignIn }),
      fail: (context) => sendCard(context, renderReply(resolveLocale(localeOf(context.activity)), notice('warning', 'error.title', 'error.signInRequired'))),
    });
  }

  return app;
}

/**
 * A typed command (or, after a sign-in, the command that started it). `replayed`: the activity is
 * the sign-in's, not a card's, so it names no card to update later.
 */
async function runCommand(context: TurnContext, state: TurnState, deps: TeamsAppDeps, options: { replayed?: boolean; forgetSignIn?: (context: TurnContext, state: TurnState) => Promise<void> } = {}): Promise<void> {
  const locale = resolveLocale(localeOf(context.activity));
  const text = typeof context.activity.text === 'string' ? context.activity.text : '';
  const command = parseCommand(text);
  if (command === 'help') return sendCard(context, helpCard(locale));
  const handoverTo = command ? undefined : parseHandover(text);
  if (!command && !handoverTo) {
    // Action.Submit posts (value without text) and anything unrecognised get the same clear answer.
    const reply = text.trim() ? notice('default', 'help.title', 'error.unknownCommand', { text: text.trim().slice(0, 60) }) : notice('default', 'help.title', 'error.invalidInput');
    return sendCard(context, renderReply(locale, reply));
  }
  const reading = readTurn(context, userAssertion(state));
  if (!reading.ok) return sendCard(context, renderReply(locale, notice('attention', 'refusal.title', `refusal.${reading.problem}`)));
  if (!reading.personal) return sendCard(context, renderReply(locale, notice('attention', 'refusal.title', 'refusal.notPersonal')));
  const turn = options.replayed ? { ...reading.turn, cardActivityId: undefined } : reading.turn;
  const reply: BotReply = handoverTo
    ? await deps.closures.handover(turn, handoverTo)
    : command === 'close'
      ? await deps.closures.overview(turn)
      : command === 'status'
        ? await deps.closures.status(turn)
        : await deps.closures.cancel(turn);
  if (endsSignIn(reply, state)) await options.forgetSignIn?.(context, state);
  await sendCard(context, renderReply(turn.locale, reply));
}

/** Where a user who installed the bot in their personal scope is reached (four eyes asks the tenant's other admins). */
async function rememberInstaller(context: TurnContext, deps: TeamsAppDeps): Promise<void> {
  const reading = readTurn(context);
  if (reading.ok && reading.personal) await deps.closures.installed(reading.turn);
}

/** The reply says this turn's sign-in cannot be used (see NoticeReply.endsSignIn), and the turn had one. */
function endsSignIn(reply: BotReply, state: TurnState): boolean {
  return reply.kind === 'notice' && reply.endsSignIn === true && userAssertion(state) !== undefined;
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

async function sendCard(context: TurnContext, card: AdaptiveCardJson): Promise<void> {
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
}
