import { ConfigurationBotFrameworkAuthenticationOptions, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { AuthenticationError, ServiceClientCredentialsFactory } from 'botframework-connector';
import { AppConfig } from '../config/config';

const JWT_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * TeamsAdapter whose inbound token failures always answer 401. The stock adapter lets
 * jsonwebtoken's own errors (forged signature, alg none, future nbf) escape as 500
 * (shared/reference/jwt-test.md); the handler never ran, but a 500 reads as our fault.
 */
export class StrictTeamsAdapter extends TeamsAdapter {
  // Overloaded in the base class; forwarding the arguments untouched keeps every overload working.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async processActivity(...args: [any, any, any]): Promise<any> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- the same untouched arguments, see above
      return await super.processActivity(...args);
    } catch (error) {
      const name = (error as { name?: string })?.name;
      if (name && JWT_ERRORS.has(name)) throw new AuthenticationError(`Unauthorized. ${(error as Error).message}`, 401);
      throw error;
    }
  }
}

/** Extra Bot Framework settings, e.g. local OpenID metadata for offline token tests. */
export type BotAuthOverrides = Partial<ConfigurationBotFrameworkAuthenticationOptions> & {
  credentialsFactory?: ServiceClientCredentialsFactory;
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

export function createBotAdapter(config: AppConfig, overrides: BotAuthOverrides = {}): StrictTeamsAdapter {
  const { credentialsFactory, ...authOverrides } = overrides;
  const settings = { ...botFrameworkSettings(config), ...authOverrides };
  const factory =
    credentialsFactory ??
    new ConfigurationServiceClientCredentialFactory({
      MicrosoftAppId: config.bot.id,
      MicrosoftAppPassword: config.bot.password,
      MicrosoftAppType: appTypeOf(config),
      MicrosoftAppTenantId: config.bot.tenantId,
    });
  return new StrictTeamsAdapter(settings, factory);
}
