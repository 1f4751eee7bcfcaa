import { closureCard } from '../../src/cards/presenters/closure.presenter';
import { CLOUD_PROFILES, CLOUDS } from '../../src/config/clouds';
import { loadConfig } from '../../src/config/config';
import { viewOf } from '../../src/core';
import { started } from './core/fixtures';

const EXPECTED_HOSTS: Record<string, { graph: string; login: string; admin: string; entra: string }> = {
  public: { graph: 'graph.microsoft.com', login: 'login.microsoftonline.com', admin: 'admin.microsoft.com', entra: 'entra.microsoft.com' },
  usgov: { graph: 'graph.microsoft.us', login: 'login.microsoftonline.us', admin: 'portal.office365.us', entra: 'entra.microsoft.us' },
  usgovdod: { graph: 'dod-graph.microsoft.us', login: 'login.microsoftonline.us', admin: 'portal.apps.mil', entra: 'entra.microsoft.us' },
  china: { graph: 'microsoftgraph.chinacloudapi.cn', login: 'login.chinacloudapi.cn', admin: 'portal.partner.microsoftonline.cn', entra: 'entra.microsoft.cn' },
};

const ALL_LINK_KEYS = ['adminCenter.activeUsers', 'adminCenter.yourProducts', 'entra.perUserMfa', 'entra.manageTenants', 'entra.selfServiceProducts'];

describe.each(CLOUDS)('cloud %s', (cloud) => {
  const hosts = EXPECTED_HOSTS[cloud];

  it('picks the Graph endpoint and sign-in authority of the cloud', () => {
    const config = loadConfig({ CLOUD: cloud });
    expect(new URL(config.graph.endpoint).host).toBe(hosts.graph);
    expect(new URL(config.cloudProfile.authority).host).toBe(hosts.login);
  });

  it('points every link a card can show at the cloud’s own admin centers', () => {
    const view = viewOf(started());
    const card = closureCard('en', { ...view, card: { ...view.card, links: ALL_LINK_KEYS } }, { links: CLOUD_PROFILES[cloud].links });
    const urls = ((card.actions as Array<{ type: string; url?: string }>) ?? []).filter((a) => a.type === 'Action.OpenUrl').map((a) => new URL(a.url!));
    expect(urls).toHaveLength(ALL_LINK_KEYS.length);
    for (const url of urls) {
      expect(url.protocol).toBe('https:');
      expect([hosts.admin, hosts.entra]).toContain(url.host);
    }
  });

  it('has every link of the profile on https and on the cloud’s hosts', () => {
    for (const link of Object.values(CLOUD_PROFILES[cloud].links)) {
      expect([hosts.admin, hosts.entra]).toContain(new URL(link).host);
    }
  });
});
