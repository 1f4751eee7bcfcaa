import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { readBody } from '../../support/local-tls';
import { LocalEntra } from '../../support/local-entra';

export interface TokenServiceCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: Record<string, unknown>;
  authorization?: string;
}

/**
 * The Bot Framework token service (token.botframework.com, botbuilder's `OAuthUrl`) on loopback,
 * for one OAuth connection of one bot: the endpoints botbuilder's UserTokenClient calls. A Teams
 * SSO token is exchanged, as the Azure Bot's OAuth connection does, on-behalf-of at Entra ID for a
 * token of the connection's scope (`api://botid-<BOT_ID>/access_as_user`): here the local Entra
 * checks it and signs the new token. The token is then kept per user and connection, and GetToken
 * returns it until sign-out.
 */
export class LocalTokenService {
  readonly calls: TokenServiceCall[] = [];
  /** Every token the service handed to the bot (exchanges and GetToken), in order. */
  readonly issued: string[] = [];
  /** Tokens the service holds, by `userId|connectionName|channelId`. */
  private readonly tokens = new Map<string, string>();
  /** Tokens of web sign-ins (the sign-in button) waiting for the bot to present their magic code. */
  private readonly pending = new Map<string, string>();
  /** Refuse every exchange (as when the OAuth connection is misconfigured). */
  refuseExchanges = false;
  private server?: Server;
  url = '';

  constructor(
    private readonly entra: LocalEntra,
    readonly connectionName: string,
    /** The bearer botbuilder must present (the bot's outbound token). */
    private readonly botToken: string,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The token held for a Teams user (`29:…` id), if any. */
  tokenOf(userId: string, channelId = 'msteams'): string | undefined {
    return this.tokens.get(`${userId}|${this.connectionName}|${channelId}`);
  }

  /** Drops a user's token, as when the service can no longer refresh it: the next turn must sign in. */
  forget(userId: string, channelId = 'msteams'): void {
    this.tokens.delete(`${userId}|${this.connectionName}|${channelId}`);
  }

  /** Makes the service hold this token for a user, as if a sign-in had stored it. */
  hold(userId: string, token: string, channelId = 'msteams'): void {
    this.tokens.set(`${userId}|${this.connectionName}|${channelId}`, token);
  }

  /**
   * The admin signed in through the card's sign-in button (the web flow, when SSO is not possible):
   * the service holds the token until the bot presents the magic code Teams relays to it.
   */
  completeWebSignIn(userId: string, token: string, channelId = 'msteams'): string {
    const code = String(100000 + Math.floor(Math.random() * 900000));
    this.pending.set(`${userId}|${this.connectionName}|${channelId}|${code}`, token);
    return code;
  }

  callsTo(path: string): TokenServiceCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const text = await readBody(req);
    const call: TokenServiceCall = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
      authorization: req.headers.authorization,
    };
    this.calls.push(call);
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (call.authorization !== `Bearer ${this.botToken}`) return send(401, errorResponse('Unauthorized', 'The bot token is missing or wrong.'));
    const { userId, connectionName, channelId, state } = call.query;
    const key = `${userId}|${connectionName}|${channelId}`;

    if (call.method === 'GET' && url.pathname === '/api/usertoken/GetToken') {
      if (connectionName !== this.connectionName) return send(400, errorResponse('BadArgument', `No connection named ${connectionName}.`));
      const signedIn = call.query.code ? this.pending.get(`${key}|${call.query.code}`) : undefined;
      if (signedIn) {
        this.pending.delete(`${key}|${call.query.code}`);
        this.tokens.set(key, signedIn);
      }
      const token = this.tokens.get(key);
      if (token) this.issued.push(token);
      return token ? send(200, tokenResponse(connectionName, channelId, token)) : send(404);
    }
    if (call.method === 'POST' && url.pathname === '/api/usertoken/exchange') {
      if (connectionName !== this.connectionName) return send(400, errorResponse('BadArgument', `No connection named ${connectionName}.`));
      const sso = typeof call.body?.token === 'string' ? call.body.token : '';
      const checked = this.entra.verifyUserToken(sso);
      if (this.refuseExchanges || !checked.ok) {
        return send(400, errorResponse('TokenExchangeFailed', checked.ok ? 'Exchange refused by the test.' : `${checked.refusal.code}: ${checked.refusal.description}`));
      }
      const token = this.entra.userToken({ tenantId: checked.claims.tid, objectId: checked.claims.oid, name: checked.claims.name });
      this.tokens.set(key, token);
      this.issued.push(token);
      return send(200, tokenResponse(connectionName, channelId, token));
    }
    if (call.method === 'GET' && url.pathname === '/api/botsignin/GetSignInResource') {
      const exchangeState = JSON.parse(Buffer.from(state ?? '', 'base64').toString('utf8') || '{}') as { connectionName?: string; msAppId?: string };
      if (exchangeState.connectionName !== this.connectionName) return send(400, errorResponse('BadArgument', 'Unknown connection in the state.'));
      return send(200, {
        signInLink: `${this.url}/api/oauth/signin?signin=${randomUUID()}`,
        tokenExchangeResource: { id: randomUUID(), uri: `api://botid-${exchangeState.msAppId}`, providerId: 'local-aadv2' },
      });
    }
    if (call.method === 'DELETE' && url.pathname === '/api/usertoken/SignOut') {
      for (const k of [...this.tokens.keys()]) if (k.startsWith(`${userId}|`) && (!connectionName || k.startsWith(`${userId}|${connectionName}|`))) this.tokens.delete(k);
      return send(200, {});
    }
    send(404, errorResponse('NotFound', `${call.method} ${url.pathname}`));
  }
}

function tokenResponse(connectionName: string, channelId: string, token: string) {
  return { channelId, connectionName, token, expiration: new Date(Date.now() + 3600_000).toISOString() };
}

function errorResponse(code: string, message: string) {
  return { error: { code, message } };
}
