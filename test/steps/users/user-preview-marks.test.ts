import { randomUUID } from 'node:crypto';
import { GraphSimulator, startGraphSimulator } from '../../../graph-sim';
import { closureCard } from '../../../src/cards';
import { CLOUD_PROFILES } from '../../../src/config';
import { decide, viewOf } from '../../../src/steps';
import { createGraphClient } from '../../../src/graph';
import { previewUsers } from '../../../src/steps/users/users.operations';
import { LOCALES } from '../../../src/i18n';
import { t } from '../../../src/steps/texts';
import { atUsersStart, sys } from '../../support/closure-fixtures';

/**
 * Before approving the deletion, the admin sees who in the sample holds an admin role and who is a
 * guest: read through Graph (the simulator), marked on the card in every language.
 */
describe('the user preview marks admins and guests', () => {
  let sim: GraphSimulator;
  beforeAll(async () => {
    sim = await startGraphSimulator({ scenarios: [] });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('reads the marks through Graph and shows them on the approval card', async () => {
    const tenant = sim.addTenant(
      {
        name: 'marks',
        displayName: 'Marks Ltd',
        initialDomain: 'marks.onmicrosoft.com',
        syncEnabled: null,
        admin: { displayName: 'Acting Admin', upnLocal: 'acting.admin' },
        users: [
          { displayName: 'Second Admin', upnLocal: 'second.admin', roles: ['globalAdministrator'] },
          { displayName: 'Pat Partner', upnLocal: 'pat_partner.example#EXT#', userType: 'Guest', licensed: false },
          { displayName: 'Plain Member', upnLocal: 'plain.member' },
        ],
        subscriptions: [],
        securityDefaultsEnabled: false,
      },
      { tenantId: randomUUID() },
    );
    const client = createGraphClient({ endpoint: sim.url, token: async () => sim.tokenFor(tenant.tenantId, tenant.adminId), maxRetries: 0 });
    const preview = await previewUsers(client, tenant.adminId, async () => undefined);
    expect(preview.sample).toEqual(
      expect.arrayContaining([
        { name: 'Second Admin', admin: true, guest: false },
        { name: 'Pat Partner', admin: false, guest: true },
        { name: 'Plain Member', admin: false, guest: false },
      ]),
    );

    const s = atUsersStart();
    const decision = decide(s, sys(s, { type: 'usersPreviewed', ...preview }), '2025-03-01T10:00:00.000Z');
    if (!decision.ok) throw new Error(decision.error.code);
    for (const locale of LOCALES) {
      const card = JSON.stringify(closureCard(locale, viewOf(decision.state), { links: CLOUD_PROFILES.public.links }));
      expect(card).toContain(`• Second Admin · ${t(locale, 'closure.list.adminRole')}`);
      expect(card).toContain(`• Pat Partner · ${t(locale, 'closure.list.guest')}`);
      expect(card).toContain('• Plain Member"');
    }
  });
});
