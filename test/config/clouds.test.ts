import { closureCard } from '../../src/cards';
import { botFrameworkSettings, createBotAdapter } from '../../src/hosting';
import { CLOUD_PROFILES, CLOUDS } from '../../src/config/clouds';
import { loadConfig } from '../../src/config/config';
import { viewOf } from '../../src/steps';
import { started } from '../support/closure-fixtures';
import { openUrlActions } from '../support/teams-activity';

const EXPECTED_HOSTS: Record<string, { graph: string; login: string; admin: string; entra: string; azure: string }> = {
  public: { graph: 'graph.microsoft.com', login: 'login.microsoftonline.com', admin: 'admin.microsoft.com', entra: 'entra.microsoft.com', azure: 'portal.azure.com' },
  usgov: { graph: 'graph.microsoft.us', login: 'login.microsoftonline.us', admin: 'portal.office365.us', entra: 'entra.microsoft.us', azure: 'portal.azure.us' },
  usgovdod: { graph: 'dod-graph.microsoft.us', login: 'login.microsoftonline.us', admin: 'portal.apps.mil', entra: 'entra.microsoft.us', azure: 'portal.azure.us' },
  china: { graph: 'microsoftgraph.chinacloudapi.cn', login: 'login.chinacloudapi.cn', admin: 'portal.partner.microsoftonline.cn', entra: 'entra.microsoft.cn', azure: 'portal.azure.cn' },
};

const ALL_LINK_KEYS = [
  'adminCenter.activeUsers',
  'adminCenter.yourProducts',
  'entra.perUserMfa',
  'entra.manageTenants',
  'entra.selfServiceProducts',
  'azure.subscriptions',
  'azure.mfaProviders',
  'adminCenter.bills',
  'adminCenter.deletedUsers',
  'entra.home',
  'entra.appRegistrations',
  'entra.enterpriseApps',
];

describe.each(CLOUDS)('cloud %s', (cloud) => {
  const hosts = EXPECTED_HOSTS[cloud];

  it('picks the Graph endpoint and sign-in authority of the cloud', () => {
    const config = loadConfig({ CLOUD: cloud });
    expect(new URL(config.graph.endpoint).host).toBe(hosts.graph);
    expect(new URL(config.cloudProfile.authority).host).toBe(hosts.login);
  });

  it('reads Azure subscriptions at the cloud’s own Resource Manager unless ARM_ENDPOINT says otherwise', () => {
    const arm = { public: 'management.azure.com', usgov: 'management.usgovcloudapi.net', usgovdod: 'management.usgovcloudapi.net', china: 'management.chinacloudapi.cn' }[cloud];
    expect(loadConfig({ CLOUD: cloud }).arm.endpoint).toBe(`https://${arm}`);
    expect(loadConfig({ CLOUD: cloud, ARM_ENDPOINT: 'http://127.0.0.1:5000/arm/' }).arm.endpoint).toBe('http://127.0.0.1:5000/arm');
    expect(() => loadConfig({ CLOUD: cloud, ARM_ENDPOINT: 'not a url' })).toThrow(/ARM_ENDPOINT/);
  });

  it('points every link a card can show at the cloud’s own admin centers', () => {
    const view = viewOf(started());
    const card = closureCard('en', { ...view, card: { ...view.card, links: ALL_LINK_KEYS } }, { links: CLOUD_PROFILES[cloud].links });
    const urls = openUrlActions(card).map((a) => new URL(a.url));
    expect(urls).toHaveLength(ALL_LINK_KEYS.length);
    for (const url of urls) {
      expect(url.protocol).toBe('https:');
      expect([hosts.admin, hosts.entra, hosts.azure]).toContain(url.host);
    }
  });

  it('has every link of the profile on https and on the cloud’s hosts', () => {
    for (const link of Object.values(CLOUD_PROFILES[cloud].links)) {
      expect([hosts.admin, hosts.entra, hosts.azure]).toContain(new URL(link).host);
    }
  });
});

/** Azure Bot Service per cloud: the channel's token issuer, and the token service Teams SSO uses. */
const EXPECTED_BOT_FRAMEWORK: Record<string, { issuer: string; metadataHost: string; tokenService: string; login: string; scope: string }> = {
  public: { issuer: 'https://api.botframework.com', metadataHost: 'login.botframework.com', tokenService: 'api.botframework.com', login: 'login.microsoftonline.com', scope: 'https://api.botframework.com' },
  usgov: { issuer: 'https://api.botframework.us', metadataHost: 'login.botframework.azure.us', tokenService: 'tokengcch.botframework.azure.us', login: 'login.microsoftonline.us', scope: 'https://api.botframework.us' },
  usgovdod: { issuer: 'https://api.botframework.us', metadataHost: 'login.botframework.azure.us', tokenService: 'apidod.botframework.azure.us', login: 'login.microsoftonline.us', scope: 'https://api.botframework.us' },
  china: {
    issuer: 'https://api.botframework.azure.cn',
    metadataHost: 'login.botframework.azure.cn',
    tokenService: 'token.botframework.azure.cn',
    login: 'login.partner.microsoftonline.cn',
    scope: 'https://api.botframework.azure.cn',
  },
};

describe.each(CLOUDS)('Bot Framework settings in cloud %s', (cloud) => {
  const expected = EXPECTED_BOT_FRAMEWORK[cloud];
  const botTenant = '0f0f0f0f-1111-2222-3333-444444444444';
  const configFor = (type: string) =>
    loadConfig({
      CLOUD: cloud,
      BOT_ID: 'b0b0b0b0-0000-0000-0000-000000000000',
      BOT_PASSWORD: type === 'SingleTenant' ? 'x' : '',
      BOT_TENANT_ID: botTenant,
      BOT_TYPE: type,
      GRAPH_AUTH: 'app',
      GRAPH_CLIENT_ID: 'c',
      GRAPH_CLIENT_SECRET: 's',
    });

  it('checks inbound tokens against the cloud’s own channel, and signs in and exchanges tokens there', () => {
    const settings = botFrameworkSettings(configFor('SingleTenant'));
    expect(settings.ToBotFromChannelTokenIssuer).toBe(expected.issuer);
    expect(new URL(String(settings.ToBotFromChannelOpenIdMetadataUrl)).host).toBe(expected.metadataHost);
    expect(new URL(String(settings.OAuthUrl)).host).toBe(expected.tokenService);
    expect(settings.ToChannelFromBotOAuthScope).toBe(expected.scope);
    expect(String(settings.ToChannelFromBotLoginUrl)).toBe(`https://${expected.login}/${botTenant}`);
    for (const value of Object.values(settings)) if (typeof value === 'string' && value.startsWith('http')) expect(new URL(value).protocol).toBe('https:');
  });

  it('signs a managed-identity bot in at its own tenant too, and the local unauthenticated mode at the channel’s', () => {
    expect(String(botFrameworkSettings(configFor('UserAssignedMsi')).ToChannelFromBotLoginUrl)).toBe(`https://${expected.login}/${botTenant}`);
    const local = botFrameworkSettings(loadConfig({ CLOUD: cloud }));
    expect(String(local.ToChannelFromBotLoginUrl)).toBe(`https://${expected.login}/${CLOUD_PROFILES[cloud].botFramework.defaultLoginTenant}`);
  });

  it('builds an adapter botbuilder accepts (it refuses channel services it has no constants for unless all is given)', () => {
    expect(() => createBotAdapter(configFor('SingleTenant'))).not.toThrow();
  });

  it('lists the cloud’s token service redirect URI for the SSO app registration', () => {
    const redirect = new URL(CLOUD_PROFILES[cloud].botFramework.oAuthRedirectUrl);
    expect(redirect.pathname).toBe('/.auth/web/redirect');
    expect(redirect.host.endsWith(cloud === 'china' ? 'botframework.azure.cn' : cloud === 'public' ? 'botframework.com' : 'botframework.azure.us')).toBe(true);
  });
});
