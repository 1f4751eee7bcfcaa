import { randomUUID } from 'node:crypto';
import { TenantInfo } from '../../../graph-sim';
import { BotAuthOverrides } from '../../../src/hosting';
import { Logger } from '../../../src/observability';
import { TeamsUser } from '../../support/teams-activity';
import { LocalBotFrameworkIdentity } from '../../support/local-bot-auth';
import { adminOf, SecurityRig, startRig } from './security-bot';

/** The security rig with BOT_ID set: its local Bot Framework identity and a small simulated tenant. */
export interface AuthenticatedBot extends SecurityRig {
  identity: LocalBotFrameworkIdentity;
  tenant: TenantInfo;
  admin: TeamsUser;
}

/**
 * Starts it all on loopback. `env` adds settings (e.g. CLOUD); `botAuth` picks which Bot Framework
 * settings are local (all of them by default, see LocalBotFrameworkIdentity).
 */
export async function startAuthenticatedBot(options: { env?: Record<string, string>; botAuth?: (identity: LocalBotFrameworkIdentity) => BotAuthOverrides; log?: Logger } = {}): Promise<AuthenticatedBot> {
  // botbuilder console.errors every rejection; the statuses are what the suites assert.
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => {});
  const identity = await new LocalBotFrameworkIdentity().start();
  const rig = await startRig({ botAuth: (options.botAuth ?? ((i) => i.botAuth()))(identity), ...(options.log ? { log: options.log } : {}) }, { ...identity.env(), ...options.env });
  const tenant = rig.sim.addTenant('small', { tenantId: randomUUID() });
  return {
    ...rig,
    identity,
    tenant,
    admin: adminOf(tenant),
    async stop() {
      await rig.stop();
      await identity.stop();
      quiet.mockRestore();
    },
  };
}
