import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { GraphSimulator, startGraphSimulator } from '../../graph-sim';
import { BotProcess } from '../support/bot-process';
import { ClosureDriver } from '../support/closure-driver';
import { FakeConnector } from '../support/fake-connector';
import { installActivity, personalConversationId, postActivity } from '../support/teams-activity';

/**
 * Four eyes across a crash: the acting admin's request is made in one bot process, which is then
 * killed (SIGKILL: nothing flushed); a new process on the same state store has the open request,
 * the admins' conversation references and the approved list of users. The second admin approves
 * from their own chat and the closure goes on; the acting admin is told, in the chat kept before the crash.
 */
describe('four eyes: a restart between the two approvals', () => {
  let sim: GraphSimulator;
  let connector: FakeConnector;
  let stateDir: string;
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    sim = await startGraphSimulator({ scenarios: [] });
    connector = await new FakeConnector().start();
    stateDir = mkdtempSync(join(tmpdir(), 'four-eyes-restart-'));
  });

  afterAll(async () => {
    await Promise.all(bots.map((b) => b.kill()));
    await connector?.stop();
    await sim?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const botEnv = (instance: string): Record<string, string> => ({
    GRAPH_ENDPOINT: sim.url,
    GRAPH_AUTH: 'static',
    GRAPH_TOKEN: 'sim.{tenantId}.{userId}',
    STATE_STORE: 'file',
    STATE_DIR: stateDir,
    CLOSURE_APPROVERS: '2',
    TEST_RECHECK_SCALE: '0.0005',
    TEST_INSTANCE_ID: instance,
  });

  it('the second admin approves in a new process, and the deletion runs on the approved list', async () => {
    const tenant = sim.addTenant('small', { tenantId: randomUUID() });
    const secondUser = sim.admin(tenant.tenantId).addUser({ displayName: 'Sam Second', roles: ['globalAdministrator'] });
    const first = await new BotProcess(botEnv('first')).start();
    bots.push(first);
    const owner = new ClosureDriver(first.url, connector, { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' });
    const second = new ClosureDriver(first.url, connector, { tenantId: tenant.tenantId, aadObjectId: secondUser.id, name: 'Sam Second' });
    expect((await postActivity(first.url, installActivity(connector.url, second.user))).status).toBe(200);

    await owner.say('close account');
    await owner.click('closure.start');
    await owner.when('closure.acknowledgeBackup');
    await owner.waitFor((d) => d.verbs().includes('closure.deleteUsers'), 'the deletion approval');
    const shown = sim.inspect(tenant.tenantId).users.length - 1;
    await owner.click('closure.deleteUsers', { confirmation: tenant.initialDomain });
    expect(owner.text).toMatch(/waiting for a second Global Administrator/);
    await connector.waitFor((c) => c.method === 'POST' && c.conversationId === personalConversationId(second.user) && /Second approval asked/.test(JSON.stringify(c.body)));

    await first.kill();
    const restarted = await new BotProcess(botEnv('second')).start();
    bots.push(restarted);
    owner.retarget(restarted.url);
    second.retarget(restarted.url);

    await second.say('status');
    expect(second.text).toMatch(/Acting Admin asks you, as a second Global Administrator/);
    await second.click('closure.secondApprove');
    // The acting admin is told in the chat the first process kept, by the new process.
    await connector.waitFor((c) => c.method === 'POST' && c.conversationId === personalConversationId(owner.user) && /Sam Second approved/.test(JSON.stringify(c.body)), 30_000);
    await owner.waitFor((d) => d.verbs().includes('closure.checkAgain') && /ubscription/.test(d.text), 'the subscriptions step', 60_000);
    expect(owner.text).toMatch(/Second approval given by Sam Second/);
    const inspection = sim.inspect(tenant.tenantId);
    expect(inspection.users.map((u) => u.id)).toEqual([tenant.adminId]);
    // Exactly the approved list: the preview's users (the second admin among them), each deleted once; never the acting admin.
    expect(Object.keys(inspection.deleteCalls)).toHaveLength(shown);
    expect(Object.values(inspection.deleteCalls).filter((n) => n !== 1)).toEqual([]);
  }, 180_000);
});
