import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createHmac, generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { MicrosoftAppCredentials } from 'botframework-connector';
import { BotAuthOverrides } from '../../src/hosting';

export const CHANNEL_ISSUER = 'https://api.botframework.com';
export const OUTBOUND_TOKEN = 'outbound-test-token';
export const KID = 'local-k1';

/** Outbound credentials that never sign in: replies carry a fixed token to the fake connector. */
class FixedTokenCredentials extends MicrosoftAppCredentials {
  override async getToken(): Promise<string> {
    return OUTBOUND_TOKEN;
  }
}

class LocalCredentialFactory extends ConfigurationServiceClientCredentialFactory {
  override async createCredentials(appId: string, audience: string): Promise<MicrosoftAppCredentials> {
    if (!(await this.isValidAppId(appId))) throw new Error('Invalid appId.');
    return new FixedTokenCredentials(appId, '', undefined, audience);
  }
}

/**
 * The Bot Framework's side of inbound authentication, on loopback: an RSA signing key, the channel
 * OpenID metadata and JWKS on 127.0.0.1, and a separate (empty) emulator metadata endpoint so an
 * emulator-shaped token can never be checked against the test key (shared/reference/jwt-test.md).
 */
export class LocalBotFrameworkIdentity {
  readonly appId = randomUUID();
  readonly appTenantId = randomUUID();
  readonly password = `bot-password-${randomUUID()}`;
  readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  /** Another key, for forgeries that reuse the trusted kid. */
  readonly foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private channel?: Server;
  private emulator?: Server;
  private channelPort = 0;
  /** Requests the channel's metadata and key endpoints answered (both count). */
  channelRequests = 0;
  channelMetadataUrl = '';
  emulatorMetadataUrl = '';

  async start(): Promise<this> {
    this.channel = await this.serveChannel(0);
    this.channelPort = (this.channel.address() as AddressInfo).port;
    this.emulator = await serve((base) => ({
      '/v2.0/.well-known/openid-configuration': { issuer: 'emulator', jwks_uri: `${base}/keys` },
      '/keys': { keys: [] },
    }));
    this.channelMetadataUrl = `${urlOf(this.channel)}/v1/.well-known/openidconfiguration`;
    this.emulatorMetadataUrl = `${urlOf(this.emulator)}/v2.0/.well-known/openid-configuration`;
    return this;
  }

  /** The channel's metadata endpoint goes away: its port refuses connections (ECONNREFUSED), as during an outage. */
  async channelGoesAway(): Promise<void> {
    const channel = this.channel;
    this.channel = undefined;
    if (channel) await close(channel);
  }

  /** The channel's metadata endpoint answers again, on the same address. */
  async channelComesBack(): Promise<void> {
    if (this.channel) return;
    this.channel = await this.serveChannel(this.channelPort);
  }

  private serveChannel(port: number): Promise<Server> {
    const jwk = this.key.publicKey.export({ format: 'jwk' });
    return serve(
      (base) => ({
        '/v1/.well-known/openidconfiguration': { issuer: CHANNEL_ISSUER, jwks_uri: `${base}/v1/.well-known/keys` },
        '/v1/.well-known/keys': { keys: [{ kty: 'RSA', use: 'sig', kid: KID, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] },
      }),
      port,
      () => this.channelRequests++,
    );
  }

  /** Environment for loadConfig: BOT_ID set, so inbound tokens are checked. */
  env(): Record<string, string> {
    return { BOT_ID: this.appId, BOT_PASSWORD: this.password, BOT_TENANT_ID: this.appTenantId, BOT_TYPE: 'SingleTenant', HOST: '127.0.0.1' };
  }

  /** Every parameterized setting (they are all-or-nothing) plus credentials that stay local. */
  botAuth(): BotAuthOverrides {
    const settings = {
      MicrosoftAppId: this.appId,
      MicrosoftAppPassword: this.password,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: this.appTenantId,
      ToBotFromChannelOpenIdMetadataUrl: this.channelMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: this.emulatorMetadataUrl,
      ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
      ToChannelFromBotLoginUrl: `https://login.microsoftonline.com/${this.appTenantId}`,
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      OAuthUrl: 'https://api.botframework.com',
      CallerId: 'urn:botframework:azure',
      ValidateAuthority: true,
    };
    // BotAuthOverrides mixes the options' string index signature with a factory: only a cast builds one.
    return { ...settings, credentialsFactory: new LocalCredentialFactory(settings) } as unknown as BotAuthOverrides;
  }

  /**
   * Only the key metadata and outbound credentials local: every other setting (issuer, login,
   * token service) stays the configured cloud's.
   */
  localKeysOnly(): BotAuthOverrides {
    const { ToBotFromChannelOpenIdMetadataUrl, ToBotFromEmulatorOpenIdMetadataUrl, credentialsFactory } = this.botAuth();
    return { ToBotFromChannelOpenIdMetadataUrl, ToBotFromEmulatorOpenIdMetadataUrl, credentialsFactory } as unknown as BotAuthOverrides;
  }

  /** A token as the Bot Framework channel would sign it; `claims` and `options` override the defaults. */
  sign(serviceUrl: string, claims: Record<string, unknown> = {}, options: { key?: KeyObject | string; algorithm?: jwt.Algorithm | 'none'; kid?: string } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: CHANNEL_ISSUER, aud: this.appId, serviceurl: serviceUrl, nbf: now - 60, exp: now + 600, ...claims };
    for (const [k, v] of Object.entries(payload)) if (v === undefined) delete (payload as Record<string, unknown>)[k];
    const algorithm = options.algorithm ?? 'RS256';
    const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    if (algorithm === 'none') return `${part({ alg: 'none', typ: 'JWT', kid: options.kid ?? KID })}.${part(payload)}.`;
    if (algorithm === 'HS256') {
      // Algorithm confusion: an HMAC keyed with the public key, which anyone can fetch from the JWKS.
      const signingInput = `${part({ alg: 'HS256', typ: 'JWT', kid: options.kid ?? KID })}.${part(payload)}`;
      const secret = this.key.publicKey.export({ format: 'pem', type: 'spki' });
      return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
    }
    return jwt.sign(payload, options.key ?? this.key.privateKey, { algorithm, keyid: options.kid ?? KID, noTimestamp: true });
  }

  async stop(): Promise<void> {
    await Promise.all([this.channel, this.emulator].map((s) => (s ? close(s) : Promise.resolve())));
  }
}

async function close(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

async function serve(routes: (base: string) => Record<string, unknown>, port = 0, onRequest: () => void = () => undefined): Promise<Server> {
  const server = createServer((req, res) => {
    onRequest();
    const body = routes(urlOf(server))[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { error: 'not found' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}

const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
