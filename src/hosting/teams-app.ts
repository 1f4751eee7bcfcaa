import { ActivityTypes, CardFactory, INVOKE_RESPONSE_KEY, MessageFactory, Storage, tokenExchangeOperationName, TurnContext, verifyStateOperationName } from 'botbuilder';
import { Application, ApplicationOptions, TurnState } from '@microsoft/teams-ai';
import { ClosureService } from '../closure/closure-service';
import { BotReply, notice } from '../closure/replies';
import { parseCommand, parseHandover } from '../conversation/command-parser';
import { helpCard, welcomeCard } from '../cards/presenters/command-list.presenter';
import { AdaptiveCardJson } from '../cards/render-card';
import { resolveLocale } from '../i18n/locale';
import { t } from '../i18n/translate';
import { Logger } from '../observability/logger';
import { StateStore } from '../ports/state-store.port';
import { BotStateStorage } from './bot-state-storage';
import { storableTeamsAiState } from './teams-ai-state';
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
 * state only with SSO (its pending sign-ins, see ssoOptions).
 */
export function createTeamsApp(deps: TeamsAppDeps): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter: deps.adapter,
    botAppId: deps.botAppId,
    startTypingTimer: false,
    removeRecipientMention: true,
    ...(deps.ssoConnectionName ? ssoOptions(deps.ssoConnectionName, deps.botAppId, teamsAiStorage(deps)) : {}),
  });

  // A token this turn carried that Entra refused on-behalf-of: Teams AI would keep handing it over
  // (it asks the token service, which still holds it), so the admin could never sign in again.
  // Signing out of the token service makes the next command or click ask for a fresh sign-in.
  const forgetSignIn = deps.ssoConnectionName
    ? async (context: TurnContext, state: TurnState) => {
        try {
          await app.authentication.signOutUser(context, state, 'graph');
        } catch (error) {
          deps.log.warn({ err: error }, 'Could not sign the admin out of the token service');
        }
      }
    : undefined;

  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient?.id;
    const botAdded = context.activity.membersAdded?.some((m) => m.id === botId);
    if (botAdded && context.activity.conversation?.conversationType !== 'channel') {
      await sendCard(context, welcomeCard(resolveLocale(localeOf(context.activity))));
    }
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
    const signIn = app.authentication.get('graph');
    // Teams AI does not run the command that started the sign-in once it completes (the admin's
    // "close account" answered with a sign-in card): it restores the command's text on the
    // sign-in activity (the Teams SSO token exchange) and calls this. Running it here spares the
    // admin typing it again.
    signIn.onUserSignInSuccess(async (context, state) => {
      // Teams AI 1.7.4 keeps the saved command after this kind of completion, so the next sign-in
      // would replay this one instead of its own. Sign-in only starts in personal chats (see
      // needsSignIn), so the conversation state holds this admin's sign-in bookkeeping and nothing else.
      state.deleteConversationState();
      await runCommand(context, state, deps, { replayed: true, forgetSignIn });
    });
    signIn.onUserSignInFailure(async (context, state, error) => {
      // Teams AI keeps the command that started a failed sign-in (an expired card, say), so the next
      // sign-in would run that one instead of its own: the admin is told to start again, so forget it.
      state.deleteConversationState();
      deps.log.warn({ cause: error.cause, activityType: context.activity.type, invokeName: context.activity.name }, 'Teams sign-in did not complete');
      await sendCard(context, renderReply(resolveLocale(localeOf(context.activity)), notice('warning', 'error.title', 'error.signInRequired')));
    });
  }

  return app;
}

/**
 * A typed command (or, after a sign-in, the command that started it). `replayed`: the activity is
 * the sign-in's, not a card's, so it names no card to update later.
 */
async function runCommand(
  context: TurnContext,
  state: TurnState,
  deps: TeamsAppDeps,
  options: { replayed?: boolean; forgetSignIn?: (context: TurnContext, state: TurnState) => Promise<void> } = {},
): Promise<void> {
  const locale = resolveLocale(localeOf(context.activity));
  const text = typeof context.activity.text === 'string' ? context.activity.text : '';
  const command = parseCommand(text);
  if (command === 'help') return sendCard(context, helpCard(locale));
  const handoverTo = command ? undefined : parseHandover(text);
  if (!command && !handoverTo) {
    // Action.Submit posts (value without text) and anything unrecognised get the same clear answer.
    const reply = text.trim()
      ? notice('default', 'help.title', 'error.unknownCommand', { text: text.trim().slice(0, 60) })
      : notice('default', 'help.title', 'error.invalidInput');
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

/**
 * Teams SSO through Teams AI's authentication: the sign-in (or silent token exchange) happens
 * before a command or card action that needs Graph; the token then arrives in
 * `state.temp.authTokens.graph` (turn memory, never stored). Teams AI keeps its pending sign-in in
 * `storage` (see teamsAiStorage); the closure itself is never kept there.
 */
function ssoOptions(connectionName: string, botAppId: string, storage: Storage): Pick<ApplicationOptions<TurnState>, 'authentication' | 'storage'> {
  return {
    storage,
    authentication: {
      settings: {
        graph: {
          connectionName,
          title: t('en', 'signIn.title'),
          text: t('en', 'signIn.text'),
          enableSso: true,
          endOnInvalidMessage: true,
          // A card action's sign-in request names it too, so Teams can answer with an SSO token
          // instead of showing a sign-in button (the typed command's card gets it from the token service).
          tokenExchangeUri: `api://botid-${botAppId}`,
        },
      },
      autoSignIn: async (context) => needsSignIn(context.activity),
    },
  };
}

/**
 * Teams AI's storage with SSO: the bot's state store (see bot-state-storage.ts), so a pending sign-in
 * is shared by every instance and survives a restart. What Teams AI writes there, per personal chat:
 * the command that started the sign-in and the OAuth prompt's dialog state (its expiry, 15 minutes),
 * deleted once the sign-in ends (see onUserSignInSuccess and onUserSignInFailure); and a claim per
 * Teams token exchange id (botbuilder's TeamsSSOTokenExchangeMiddleware, so an exchange is handled
 * once across instances), which expires with everything else an hour after it was written. Teams AI
 * keeps tokens in turn memory (`state.temp`); what would still reach the store by accident (the whole
 * turn context, with the bot's secret and the activity's SSO token) is removed first (teams-ai-state.ts).
 */
function teamsAiStorage(deps: TeamsAppDeps): Storage {
  return new BotStateStorage(deps.store, {
    redact: (_key, item) => storableTeamsAiState(item),
    onSweepError: (error) => deps.log.warn({ err: error }, 'Could not delete expired Teams AI state'),
  });
}

/**
 * Which activities go through Teams AI's sign-in. Commands and card actions that reach Graph, in a
 * personal chat (elsewhere they are refused without Graph, so a sign-in card would only be noise).
 * And the sign-in's own invokes: Teams AI routes Teams' SSO token exchange (and the magic-code
 * verification) to its sign-in only on turns this selector lets through; without them the exchange
 * reached no route (answered 400 by answerUnhandledInvoke) and the admin stayed at the sign-in card.
 */
function needsSignIn(activity: TurnContext['activity']): boolean {
  if (activity.type === ActivityTypes.Invoke && (activity.name === tokenExchangeOperationName || activity.name === verifyStateOperationName)) return true;
  const conversationType = activity.conversation?.conversationType;
  if (conversationType !== undefined && conversationType !== 'personal') return false;
  if (activity.type === ActivityTypes.Invoke) return activity.name === 'adaptiveCard/action';
  if (activity.type !== ActivityTypes.Message) return false;
  const command = parseCommand(activity.text);
  return (command !== undefined && command !== 'help') || (command === undefined && parseHandover(activity.text) !== undefined);
}

/** The SSO token Teams AI obtained for this turn, if any. */
function userAssertion(state: TurnState): string | undefined {
  const token = (state.temp as { authTokens?: Record<string, string | undefined> } | undefined)?.authTokens?.graph;
  return typeof token === 'string' && token ? token : undefined;
}

async function sendCard(context: TurnContext, card: AdaptiveCardJson): Promise<void> {
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
}
