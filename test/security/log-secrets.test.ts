import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { TenantInfo } from '../../graph-sim';
import { loadConfig } from '../../src/config';
import { startBot } from '../../src/index';
import { createLogger } from '../../src/observability';
import { ClosureDriver } from '../support/closure-driver';
import { messageActivity, postActivity } from '../support/teams-activity';
import { LocalBotFrameworkIdentity, OUTBOUND_TOKEN } from '../support/local-bot-auth';
import { adminOf, SecurityRig, startRig } from './support/security-bot';

/**
 * What the logs of a whole closure, and of a run full of authentication failures, must never
 * contain: Graph tokens, the bot's password, JWTs, Authorization headers and typed confirmations.
 * Logs are captured at trace level, so nothing is hidden by the level.
 */
class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
  records(): Array<Record<string, unknown>> {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

const SECRETS: Array<[string, RegExp]> = [
  ['a Graph token', /sim\.[0-9a-f]{8}-/i],
  ['a JWT', /eyJ[A-Za-z0-9_-]{5,}/],
  ['an Authorization header value', /(Bearer|Basic) [A-Za-z0-9._~+/-]{8,}/],
  ['the outbound connector token', new RegExp(OUTBOUND_TOKEN)],
];

describe('secrets and privacy in the logs', () => {
  it('a whole closure logs no token or typed confirmation, and every request carries its own correlation id', async () => {
    const logs = new LogCapture();
    const rig: SecurityRig = await startRig({ log: createLogger('trace', logs), recheckScale: 0.0005 }, { LOG_LEVEL: 'trace' });
    try {
      const tenant: TenantInfo = rig.sim.addTenant('small', { tenantId: randomUUID() });
      const driver = new ClosureDriver(rig.bot.url, rig.connector, adminOf(tenant));
      const wrongTyped = `typed-wrong-${randomUUID()}.onmicrosoft.com`;
      // Typed in an unusual case: this exact string can only come from the admin's input.
      const typed = `  ${tenant.initialDomain.toUpperCase()} `;
      await driver.say('close account');
      await driver.click('closure.start');
      await driver.when('closure.acknowledgeBackup');
      await driver.waitFor((d) => d.verbs().includes('closure.deleteUsers'), 'the deletion approval');
      await driver.click('closure.deleteUsers', { confirmation: wrongTyped });
      await driver.click('closure.deleteUsers', { confirmation: typed });
      await driver.waitFor((d) => d.verbs().includes('closure.checkAgain'), 'the subscriptions step', 30_000);
      const admin = rig.sim.admin(tenant.tenantId);
      for (const s of rig.sim.inspect(tenant.tenantId).subscriptions) admin.cancelSubscription(s.id);
      await driver.waitFor((d) => /Delete all disabled/.test(d.text) && d.verbs().includes('closure.checkAgain'), 'step 3');
      for (const s of rig.sim.inspect(tenant.tenantId).subscriptions) if (s.status !== 'Deleted') admin.deleteSubscription(s.id);
      admin.advanceHours(73);
      await driver.click('closure.checkAgain');
      for (const verb of ['closure.continue', 'closure.deleteApplications', 'closure.deleteServicePrincipals']) {
        await driver.waitFor((d) => d.verbs().some((v) => ['closure.continue', 'closure.complete', verb].includes(v)), verb);
        if (driver.verbs().includes(verb)) await driver.click(verb);
      }
      await driver.waitFor((d) => d.verbs().includes('closure.complete'), 'the final confirmation');
      await driver.click('closure.complete', driver.finalInputs(typed));
      await driver.waitFor((d) => d.verbs().length === 0 && /Ready for the final deletion/.test(d.text), 'the summary');

      if (process.env.DEBUG_LOGS) process.stdout.write(logs.lines.map((l) => l.slice(0, 300)).join('\n') + '\n');
      expect(logs.lines.length).toBeGreaterThan(10);
      for (const [what, pattern] of SECRETS) expect({ what, match: pattern.exec(logs.text)?.[0] }).toEqual({ what, match: undefined });
      expect(logs.text).not.toContain(typed.trim());
      expect(logs.text).not.toContain(wrongTyped);

      const served = logs.records().filter((r) => r.msg === 'Activity served');
      expect(served.length).toBeGreaterThan(8);
      const ids = served.map((r) => r.correlationId);
      expect(ids.every((id) => typeof id === 'string' && /^[0-9a-f]{12}$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await rig.stop();
    }
  }, 90_000);

  it('authentication failures log neither the presented tokens nor the bot password', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => {});
    const logs = new LogCapture();
    const rig = await startRig();
    const identity = await new LocalBotFrameworkIdentity().start();
    const bot = await startBot(loadConfig({ PORT: '0', GRAPH_AUTH: 'static', GRAPH_TOKEN: 'sim.{tenantId}.{userId}', GRAPH_ENDPOINT: rig.sim.url, STATE_STORE: 'memory', LOG_LEVEL: 'trace', ...identity.env() }), {
      log: createLogger('trace', logs),
      botAuth: identity.botAuth(),
    });
    try {
      const tenant = rig.sim.addTenant('small', { tenantId: randomUUID() });
      const post = (authorization?: string) => postActivity(bot.url, messageActivity(rig.connector.url, adminOf(tenant), 'close account'), authorization ? { authorization } : {});
      const minutes = (n: number) => Math.floor(Date.now() / 1000) + n * 60;
      const forged = [
        identity.sign(rig.connector.url, {}, { key: identity.foreignKey.privateKey }),
        identity.sign(rig.connector.url, { exp: minutes(-10), nbf: minutes(-70) }),
        identity.sign(rig.connector.url, { aud: randomUUID() }),
        identity.sign(rig.connector.url, {}, { algorithm: 'none' }),
      ];
      for (const token of forged) expect((await post(`Bearer ${token}`)).status).toBe(401);
      expect((await post(`Basic ${Buffer.from(`${identity.appId}:${identity.password}`).toString('base64')}`)).status).toBe(401);
      expect((await post()).status).toBe(401);
      expect((await post(`Bearer ${identity.sign(rig.connector.url)}`)).status).toBe(200);

      expect(logs.records().filter((r) => r.msg === 'Activity served' && r.status === 401)).toHaveLength(6);
      for (const [what, pattern] of SECRETS) expect({ what, match: pattern.exec(logs.text)?.[0] }).toEqual({ what, match: undefined });
      expect(logs.text).not.toContain(identity.password);
      expect(logs.text).not.toContain(Buffer.from(`${identity.appId}:${identity.password}`).toString('base64'));
    } finally {
      await bot.stop();
      await identity.stop();
      await rig.stop();
      jest.restoreAllMocks();
    }
  });
});
