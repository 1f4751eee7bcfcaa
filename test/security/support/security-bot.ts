import { randomUUID } from 'node:crypto';
import { GraphSimulator, startGraphSimulator, TenantInfo } from '../../../graph-sim';
import { loadConfig } from '../../../src/config';
import { RunningBot, startBot } from '../../../src/index';
import { BotOverrides } from '../../../src/index';
import { createLogger } from '../../../src/observability';
import { ClosureDriver } from '../../support/closure-driver';
import { FakeConnector, isMessageSend } from '../../support/fake-connector';
import { cardActionActivity, cardText, firstCard, messageActivity, postActivity, TeamsUser } from '../../support/teams-activity';

/** The bot on the Graph simulator with a fake connector, unauthenticated inbound (BOT_ID empty). */
export interface SecurityRig {
  sim: GraphSimulator;
  connector: FakeConnector;
  bot: RunningBot;
  stop(): Promise<void>;
}

export async function startRig(overrides: BotOverrides = {}, env: Record<string, string> = {}): Promise<SecurityRig> {
  const sim = await startGraphSimulator({ scenarios: [] });
  const connector = await new FakeConnector().start();
  const bot = await startBot(loadConfig({ PORT: '0', GRAPH_AUTH: 'static', GRAPH_TOKEN: 'sim.{tenantId}.{userId}', GRAPH_ENDPOINT: sim.url, STATE_STORE: 'memory', LOG_LEVEL: 'silent', ...env }), {
    log: createLogger('silent'),
    ...overrides,
  });
  return {
    sim,
    connector,
    bot,
    async stop() {
      await bot.stop();
      await connector.stop();
      await sim.close();
    },
  };
}

export const adminOf = (tenant: TenantInfo, name = 'Acting Admin'): TeamsUser => ({ tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name });

/** Every stored document of a tenant (closure, audit, contacts, backups), by key. */
export async function tenantDocuments(bot: RunningBot, tenantId: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of (await bot.store.list(`tenants/${tenantId}/`)).sort()) out[key] = (await bot.store.get(key))?.value;
  return out;
}

/** A small tenant whose owner has approved the backup and sees the user-deletion approval card. */
export async function closureAtDeletionApproval(rig: SecurityRig): Promise<{ tenant: TenantInfo; owner: ClosureDriver }> {
  const tenant = rig.sim.addTenant('small', { tenantId: randomUUID() });
  const owner = new ClosureDriver(rig.bot.url, rig.connector, adminOf(tenant));
  await owner.say('close account');
  await owner.click('closure.start');
  await owner.when('closure.acknowledgeBackup');
  await owner.waitFor((d) => d.verbs().includes('closure.deleteUsers'), 'the deletion approval');
  await rig.bot.runner.settle(tenant.tenantId, 2000);
  return { tenant, owner };
}

/** Posts a chat message and returns the text of the card the bot answered with. */
export async function sayAs(rig: SecurityRig, user: TeamsUser, text: string, locale = 'en-US'): Promise<{ status: number; text: string }> {
  const before = rig.connector.calls.length;
  const response = await postActivity(rig.bot.url, messageActivity(rig.connector.url, user, text, { locale }));
  const reply = rig.connector.calls.slice(before).find((c) => isMessageSend(c) && c.conversationId === `a:personal-${user.aadObjectId}`);
  return { status: response.status, text: reply ? cardText(firstCard(reply.body)) : '' };
}

/** Clicks a card verb with the given data and returns the text of the card in the invoke answer. */
export async function clickAs(rig: SecurityRig, user: TeamsUser, verb: string, data: unknown, locale = 'en-US'): Promise<{ status: number; text: string }> {
  const activity = cardActionActivity(rig.connector.url, user, verb, data as Record<string, unknown>, { locale });
  const response = await postActivity(rig.bot.url, activity);
  const body = response.body as { value?: unknown } | undefined;
  return { status: response.status, text: body?.value ? cardText(body.value) : '' };
}
