import { Activity, ConfigurationBotFrameworkAuthenticationOptions, ConfigurationServiceClientCredentialFactory, Request, Response, TurnContext } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { AuthenticationError, ServiceClientCredentialsFactory } from 'botframework-connector';
import type { INodeBuffer, INodeSocket } from 'botframework-streaming';
import { JwtTokenExtractor } from 'botframework-connector/lib/auth/jwtTokenExtractor';
import { AppConfig } from '../config/config';
import { createLogger, Logger } from '../observability/logger';
import { BotSigningKeys, SigningKeysOptions, SigningKeysUnavailableError } from './signing-keys';
import { unverifiedRefusal } from './token-precheck';
import { systemClock } from '../time/clock';

const JWT_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/** Who may call: the bot's app id and its channel's token issuer (BOT_ID set). */
export interface InboundIdentity {
  appId: string;
  channelIssuer: string;
  log: Logger;
}

interface Refusal {
  status: 401 | 503;
  retryAfterSeconds?: number;
  reason: string;
}

/**
 * TeamsAdapter whose inbound token failures are answered 401, or 503 with Retry-After while the
 * channel's signing keys were never fetched, with a fixed body: never a 500, never botbuilder's
 * message (which can name the metadata host and the socket error). The reason goes to the log.
 *
 * @remarks The stock adapter lets jsonwebtoken's own errors (forged signature, alg none, future nbf)
 * and fetch failures of the OpenID metadata escape as 500 (shared/reference/jwt-test.md); the handler
 * never ran, but a 500 reads as our fault. So the request is authenticated here first, with the same
 * botbuilder check the adapter runs (it runs again inside `process`, on the keys now cached: one more
 * RSA verification, no fetch).
 */
export class StrictTeamsAdapter extends TeamsAdapter {
  constructor(
    settings: ConfigurationBotFrameworkAuthenticationOptions,
    credentialsFactory: ServiceClientCredentialsFactory,
    private readonly inbound?: InboundIdentity,
  ) {
    super(settings, credentialsFactory);
  }

  // The base class's two forms (HTTP and web socket); only the HTTP form is checked here.
  override process(req: Request, res: Response, logic: (context: TurnContext) => Promise<void>): Promise<void>;
  override process(req: Request, socket: INodeSocket, head: INodeBuffer, logic: (context: TurnContext) => Promise<void>): Promise<void>;
  // One implementation of the base class's two overloads: its parameters cannot be typed more precisely
  // than the union of both forms, so the unsafe-any rules are off for this method only.
  /* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call */
  override async process(req: any, res: any, logicOrHead: any, maybeLogic?: any): Promise<void> {
    if (maybeLogic !== undefined) return super.process(req, res, logicOrHead, maybeLogic);
    if (this.inbound && req?.method === 'POST') {
      const refusal = await this.refusalOf(req);
      if (refusal) {
        this.inbound.log.info({ status: refusal.status, reason: refusal.reason }, 'Inbound request refused');
        res.status(refusal.status);
        if (refusal.retryAfterSeconds !== undefined) res.header('Retry-After', String(refusal.retryAfterSeconds));
        res.send({ error: refusal.status === 401 ? 'Unauthorized' : 'Requests cannot be authenticated right now; try again later' });
        res.end();
        return;
      }
    }
    return super.process(req, res, logicOrHead);
  }
  /* eslint-enable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call */

  private async refusalOf(req: { headers?: Record<string, unknown>; body?: unknown }): Promise<Refusal | undefined> {
    const inbound = this.inbound!;
    const header = req.headers?.authorization ?? req.headers?.Authorization;
    const authHeader = typeof header === 'string' ? header : '';
    try {
      await this.botFrameworkAuthentication.authenticateRequest(req.body as Activity, authHeader);
      return undefined;
    } catch (error) {
      if (!(error instanceof SigningKeysUnavailableError)) return { status: 401, reason: reasonOf(error) };
      // No key was ever fetched: a token that cannot be valid anyway is still a plain refusal.
      const invalid = unverifiedRefusal(authHeader, inbound, Math.floor(systemClock.now() / 1000));
      if (invalid) return { status: 401, reason: invalid };
      return { status: 503, retryAfterSeconds: error.retryAfterSeconds, reason: 'the signing keys could not be fetched yet' };
    }
  }

  // Overloaded in the base class; forwarding the arguments untouched keeps every overload working.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async processActivity(...args: [any, any, any]): Promise<any> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- the same untouched arguments, see above
      return await super.processActivity(...args);
    } catch (error) {
      const name = (error as { name?: string })?.name;
      if (name && (JWT_ERRORS.has(name) || error instanceof SigningKeysUnavailableError)) throw new AuthenticationError('Unauthorized', 401);
      throw error;
    }
  }
}

function reasonOf(error: unknown): string {
  const err = error as { name?: string; message?: string };
  return `${err?.name ?? 'Error'}: ${String(err?.message ?? error).slice(0, 200)}`;
}

/**
 * Puts our signing-key cache in place of botbuilder's for these metadata URLs. botbuilder keeps one
 * OpenIdMetadata per URL in a static map of JwtTokenExtractor (not part of its public API, hence the
 * check: a botbuilder that no longer has it fails here, at startup, not at the first outage).
 */
function installSigningKeys(urls: Array<string | undefined>, log: Logger, options: Partial<SigningKeysOptions>): void {
  const cache = (JwtTokenExtractor as unknown as { openIdMetadataCache?: unknown }).openIdMetadataCache;
  if (!(cache instanceof Map)) throw new Error('botframework-connector changed: JwtTokenExtractor.openIdMetadataCache is not there to hold the signing-key cache');
  for (const url of new Set(urls)) if (url) cache.set(url, new BotSigningKeys(url, log, options));
}

/** Extra Bot Framework settings, e.g. local OpenID metadata for offline token tests. */
export type BotAuthOverrides = Partial<ConfigurationBotFrameworkAuthenticationOptions> & {
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** Timings of the signing-key cache (tests shorten them). */
  signingKeys?: Partial<SigningKeysOptions>;
};

/**
 * Without an app id botbuilder checks nothing, but its SingleTenant factory insists on one: the
 * local, unauthenticated mode uses the type that accepts an empty id.
 */
const appTypeOf = (config: AppConfig) => (config.bot.unauthenticated ? 'MultiTenant' : config.bot.type);

/**
 * The Bot Framework settings of the configured cloud. botbuilder only knows the public cloud and
 * Azure Government by default (and its government token service is not the one Teams GCC High or
 * DoD use), so every value is given explicitly: setting any of them switches botbuilder to taking
 * all of them as given (shared/reference/jwt-test.md).
 */
export function botFrameworkSettings(config: AppConfig): ConfigurationBotFrameworkAuthenticationOptions {
  const appType = appTypeOf(config);
  const endpoints = config.cloudProfile.botFramework;
  // Outside the public cloud and Azure Government botbuilder signs in at this URL as given, so the
  // bot's own tenant must be in it (bots are single-tenant or managed identities).
  const loginTenant = config.bot.tenantId || endpoints.defaultLoginTenant;
  return {
    MicrosoftAppId: config.bot.id,
    MicrosoftAppPassword: config.bot.password,
    MicrosoftAppType: appType,
    MicrosoftAppTenantId: config.bot.tenantId,
    ChannelService: endpoints.channelService,
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: `${endpoints.loginHost}/${loginTenant}`,
    ToChannelFromBotOAuthScope: endpoints.oAuthScope,
    ToBotFromChannelTokenIssuer: endpoints.tokenIssuer,
    ToBotFromChannelOpenIdMetadataUrl: endpoints.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: endpoints.emulatorOpenIdMetadataUrl,
    OAuthUrl: endpoints.tokenServiceUrl,
    ...(endpoints.callerId ? { CallerId: endpoints.callerId } : {}),
  };
}

export function createBotAdapter(config: AppConfig, overrides: BotAuthOverrides = {}, log: Logger = createLogger(config.logLevel)): StrictTeamsAdapter {
  const { credentialsFactory, signingKeys, ...authOverrides } = overrides;
  const settings: ConfigurationBotFrameworkAuthenticationOptions = { ...botFrameworkSettings(config), ...authOverrides };
  const factory =
    credentialsFactory ??
    new ConfigurationServiceClientCredentialFactory({
      MicrosoftAppId: config.bot.id,
      MicrosoftAppPassword: config.bot.password,
      MicrosoftAppType: appTypeOf(config),
      MicrosoftAppTenantId: config.bot.tenantId,
    });
  if (config.bot.unauthenticated) return new StrictTeamsAdapter(settings, factory);
  installSigningKeys([settings.ToBotFromChannelOpenIdMetadataUrl, settings.ToBotFromEmulatorOpenIdMetadataUrl], log, signingKeys ?? {});
  return new StrictTeamsAdapter(settings, factory, { appId: config.bot.id, channelIssuer: String(settings.ToBotFromChannelTokenIssuer), log });
}
