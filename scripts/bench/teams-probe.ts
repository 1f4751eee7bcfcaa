import { cardActionActivity, messageActivity, TeamsUser } from '../shared/teams-activity';

/** Teams-shaped activities for the latency probe. */
export type ProbeUser = TeamsUser;

/** The admin types "status": the bot reads the closure (and Graph) and replies with a card. */
export function statusMessage(serviceUrl: string, user: ProbeUser) {
  return messageActivity(serviceUrl, user, 'status');
}

/** The admin clicks an Action.Execute button of a stale card: the invoke answer replaces the card. */
export function cardInvoke(serviceUrl: string, user: ProbeUser) {
  return cardActionActivity(serviceUrl, user, 'closure.cancel', { closureId: 'bench-closure', stepId: 'deleteUsers', version: 0 });
}

/** One round trip to /api/messages, in milliseconds (the bot answers after the turn is done). */
export async function roundTrip(botUrl: string, activity: unknown): Promise<{ ms: number; status: number }> {
  const started = process.hrtime.bigint();
  const response = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  await response.arrayBuffer();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, status: response.status };
}
