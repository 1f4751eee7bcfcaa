import { ActivityTypes, Storage, tokenExchangeOperationName, TurnContext, verifyStateOperationName } from 'botbuilder';
import { Application, ApplicationOptions, TurnState } from '@microsoft/teams-ai';
import { parseCommand, parseHandover } from '../conversation/command-parser';
import { t } from '../steps/texts';
import { Logger } from '../observability/logger';
import { StateStore } from '../ports/state-store.port';
import { BotStateStorage } from './bot-state-storage';
import { storableTeamsAiState } from './teams-ai-state';

/** The Teams AI authentication setting the bot signs in with (GRAPH_AUTH=sso). */
const SETTING = 'graph';

/**
 * Teams SSO through Teams AI's authentication: the sign-in (or silent token exchange) happens
 * before a command or card action that needs Graph; the token then arrives in
 * `state.temp.authTokens.graph` (turn memory, never stored). Teams AI keeps its pending sign-in in
 * `storage` (see teamsAiStorage); the closure itself is never kept there.
 */
export function ssoOptions(connectionName: string, botAppId: string, store: StateStore, log: Logger): Pick<ApplicationOptions<TurnState>, 'authentication' | 'storage'> {
  return {
    storage: teamsAiStorage(store, log),
    authentication: {
      settings: {
        [SETTING]: {
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
 * What happens when a sign-in ends. Teams AI does not run the command that started it (the admin's
 * "close account" answered with a sign-in card): on success it restores the command's text on the
 * sign-in activity (the Teams SSO token exchange) and calls us, so `runCommand` runs it and spares
 * the admin typing it again. Either way the conversation state is dropped: Teams AI 1.7.4 keeps the
 * saved command after such an ending, so the next sign-in would replay this one instead of its own.
 * Sign-in only starts in personal chats (see needsSignIn), so that state holds this admin's sign-in
 * bookkeeping and nothing else.
 */
export function onSignInEnd(app: Application<TurnState>, handlers: { log: Logger; runCommand: (context: TurnContext, state: TurnState) => Promise<void>; fail: (context: TurnContext) => Promise<void> }): void {
  const signIn = app.authentication.get(SETTING);
  signIn.onUserSignInSuccess(async (context, state) => {
    state.deleteConversationState();
    await handlers.runCommand(context, state);
  });
  signIn.onUserSignInFailure(async (context, state, error) => {
    // An expired card, say: the admin is told to start again.
    state.deleteConversationState();
    handlers.log.warn({ cause: error.cause, activityType: context.activity.type, invokeName: context.activity.name }, 'Teams sign-in did not complete');
    await handlers.fail(context);
  });
}

/**
 * Signs the admin out of the token service. For a token this turn carried that Entra refused
 * on-behalf-of: Teams AI would keep handing it over (it asks the token service, which still holds
 * it), so the admin could never sign in again; signed out, the next command or click asks afresh.
 */
export function signOutWith(app: Application<TurnState>, log: Logger): (context: TurnContext, state: TurnState) => Promise<void> {
  return async (context, state) => {
    try {
      await app.authentication.signOutUser(context, state, SETTING);
    } catch (error) {
      log.warn({ err: error }, 'Could not sign the admin out of the token service');
    }
  };
}

/** The SSO token Teams AI obtained for this turn, if any. */
export function userAssertion(state: TurnState): string | undefined {
  const token = (state.temp as { authTokens?: Record<string, string | undefined> } | undefined)?.authTokens?.[SETTING];
  return typeof token === 'string' && token ? token : undefined;
}

/**
 * Teams AI's storage with SSO: the bot's state store (see bot-state-storage.ts), so a pending sign-in
 * is shared by every instance and survives a restart. What Teams AI writes there, per personal chat:
 * the command that started the sign-in and the OAuth prompt's dialog state (its expiry, 15 minutes),
 * deleted once the sign-in ends (see onSignInEnd); and a claim per Teams token exchange id
 * (botbuilder's TeamsSSOTokenExchangeMiddleware, so an exchange is handled once across instances),
 * which expires with everything else an hour after it was written. Teams AI keeps tokens in turn
 * memory (`state.temp`); what would still reach the store by accident (the whole turn context, with
 * the bot's secret and the activity's SSO token) is removed first (teams-ai-state.ts).
 */
function teamsAiStorage(store: StateStore, log: Logger): Storage {
  return new BotStateStorage(store, {
    redact: (_key, item) => storableTeamsAiState(item),
    onSweepError: (error) => log.warn({ err: error }, 'Could not delete expired Teams AI state'),
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
