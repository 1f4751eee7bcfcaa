import { REDACTED_TOKEN, storableTeamsAiState } from '../../src/hosting/teams-ai-state';

const USER = '29:1XyZ-aBcDeFgHiJkLmNoPqRsTuVwXyZ';
const SSO_TOKEN = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJhcGk6Ly9ib3RpZC0xIiwidGlkIjoidCJ9.c2lnbmF0dXJl';

/**
 * The conversation state Teams AI 1.7.4 builds while a sign-in is pending, in the shape it had in
 * memory (seen in test/integration/teams-sso.test.ts before this redaction): the dialog state is the
 * turn's TurnContext, serialised with the adapter's configuration and the turn's activity.
 */
function pendingSignIn(activityValue: unknown) {
  return {
    [`__${USER}:graph:Bot:AuthState__`]: { message: 'close account' },
    [`__${USER}:graph:DialogState__`]: {
      _respondedRef: { responded: true },
      _adapter: {
        botFrameworkAuthConfig: { MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'the-bot-secret', MicrosoftAppType: 'SingleTenant' },
        credentialsFactory: { appId: 'app-id', password: 'the-bot-secret' },
      },
      _activity: { type: 'invoke', name: 'signin/tokenExchange', from: { id: USER }, value: activityValue },
      dialogStack: [
        {
          id: 'OAuthPrompt',
          state: {
            state: {},
            options: {
              prompt: {
                attachments: [
                  {
                    contentType: 'application/vnd.microsoft.card.oauth',
                    content: {
                      buttons: [{ type: 'signin', title: 'Sign in', value: 'https://token.botframework.com/api/oauth/signin?signin=secret-link' }],
                      connectionName: 'graph',
                      tokenExchangeResource: { id: 'exchange-1', uri: 'api://botid-app-id' },
                      tokenPostResource: { sasUrl: 'https://token.botframework.com/api/tokenpost?sig=secret' },
                    },
                  },
                ],
              },
              retryPrompt: { text: 'again' },
              keep: 'other options stay',
            },
            expires: 1_700_000_900_000,
            'botbuilder-dialogs.caller': null,
          },
        },
      ],
    },
  };
}

describe('storableTeamsAiState: what of Teams AI state may be stored', () => {
  it('keeps the pending command and the dialog stack (what a DialogContext reads), without the sign-in card', () => {
    expect(storableTeamsAiState(pendingSignIn({ id: 'exchange-1', connectionName: 'graph', token: SSO_TOKEN }))).toEqual({
      [`__${USER}:graph:Bot:AuthState__`]: { message: 'close account' },
      [`__${USER}:graph:DialogState__`]: {
        dialogStack: [{ id: 'OAuthPrompt', state: { state: {}, options: { keep: 'other options stay' }, expires: 1_700_000_900_000, 'botbuilder-dialogs.caller': null } }],
      },
    });
  });

  it('never lets the bot secret, the SSO token of the activity or the sign-in links through', () => {
    const stored = JSON.stringify(storableTeamsAiState(pendingSignIn({ id: 'exchange-1', connectionName: 'graph', token: SSO_TOKEN })));
    for (const secret of ['the-bot-secret', SSO_TOKEN, 'secret-link', 'sig=secret', 'MicrosoftAppPassword', '_activity', '_adapter']) expect(stored).not.toContain(secret);
  });

  it('replaces any string holding a JSON Web Token, wherever it is (a later Teams AI might keep one elsewhere)', () => {
    const item = { a: { token: SSO_TOKEN }, list: [`Bearer ${SSO_TOKEN}`, 'plain'], dialogStack: [{ id: 'x', state: { result: { token: SSO_TOKEN } } }], n: 1, none: null };
    expect(storableTeamsAiState(item)).toEqual({
      a: { token: REDACTED_TOKEN },
      list: [REDACTED_TOKEN, 'plain'],
      dialogStack: [{ id: 'x', state: { result: { token: REDACTED_TOKEN } } }],
      n: 1,
      none: null,
    });
  });

  it('leaves ordinary state (a command, ids, dates) alone', () => {
    const item = { [`__${USER}:graph:Bot:AuthState__`]: { message: 'hand over to admin@contoso.com' }, other: { when: '2025-01-01T00:00:00.000Z', ids: ['a:1abc.def', '19:x@thread.v2'] } };
    expect(storableTeamsAiState(item)).toEqual(item);
  });
});
