import { randomUUID } from 'node:crypto';
import { GraphSimulator } from '../../graph-sim';
import { verifyChain } from '../../src/audit';
import { ClosureRepository } from '../../src/runner';
import { RunningBot } from '../../src/index';
import { ClosureDriver } from '../support/closure-driver';
import { FakeConnector } from '../support/fake-connector';
import { startSimulatedBot, stopSimulatedBot } from '../support/simulated-bot';

/**
 * The backup export of a closure, through the running bot: downloadable through its signed links
 * while the closure offers it, then deleted by the bot's periodic sweep once the closure is cancelled
 * and the retention has passed, with the deletion in the closure's audit log.
 */
describe('backup retention in the running bot', () => {
  let sim: GraphSimulator;
  let connector: FakeConnector;
  let bot: RunningBot;

  beforeAll(
    async () =>
      ({ sim, connector, bot } = await startSimulatedBot({
        // Retention of 1 s after the end; the sweep looks every 100 ms (re-checks at their own pace).
        overrides: { recheckScale: undefined, backupRetention: { afterEndMs: 1_000, maxOpenMs: 60 * 60_000 }, recoverySweepMs: 100, backupSweepMs: 100 },
      })),
  );
  afterAll(() => stopSimulatedBot({ sim, connector, bot }));

  it('serves the export through its signed links only, and deletes it once the cancelled closure’s retention has passed', async () => {
    const tenant = sim.addTenant('small', { tenantId: randomUUID() });
    const driver = new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' });
    await driver.say('close account');
    await driver.click('closure.start');
    await driver.waitFor((d) => d.verbs().includes('closure.acknowledgeBackup'), 'the backup');
    const json = driver.link(/JSON/)!;
    const csv = driver.link(/CSV/)!;

    const download = await fetch(json);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = await download.text();
    expect(Number(download.headers.get('content-length'))).toBe(Buffer.byteLength(body));
    expect((JSON.parse(body) as { users: unknown[] }).users).toHaveLength(25);
    expect((await fetch(csv)).status).toBe(200);
    // Nothing but the signed link reaches it: no signature, or a signature for the other file.
    expect((await fetch(json.replace(/\?.*$/, ''))).status).toBe(403);
    expect((await fetch(`${json.replace(/\?.*$/, '')}?${new URL(csv).search.slice(1)}`)).status).toBe(403);

    // Still there well past the retention while the closure is open: it is counted from the end.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await fetch(json)).status).toBe(200);

    await driver.say('cancel');
    const repository = new ClosureRepository(bot.store);
    const closureId = (await repository.load(tenant.tenantId))!.value.closureId;
    const deadline = Date.now() + 15_000;
    while ((await bot.store.objects.list(`tenants/${tenant.tenantId}/`)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await bot.store.objects.list(`tenants/${tenant.tenantId}/`)).toEqual([]);
    expect(await bot.store.list(`tenants/${tenant.tenantId}/backups/`)).toEqual([]);
    expect((await fetch(json)).status).toBe(404);
    expect((await fetch(csv)).status).toBe(404);

    const entries = (await repository.audit(tenant.tenantId, closureId))!.entries;
    const deletion = entries.find((e) => e.action === 'backupDeleted');
    expect(deletion).toMatchObject({ closureId, tenantId: tenant.tenantId, detail: { backupId: `${closureId}.backup`, reason: 'retention', users: 25 } });
    // After the cancellation, and the chain still holds.
    expect(entries.map((e) => e.action).indexOf('backupDeleted')).toBeGreaterThan(entries.map((e) => e.action).indexOf('cancel'));
    expect(verifyChain(entries).valid).toBe(true);
  }, 40_000);
});
