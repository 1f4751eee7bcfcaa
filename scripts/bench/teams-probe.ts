/** Teams-shaped activities for the latency probe (the shapes of test/support/teams-activity.ts). */
export interface ProbeUser {
  tenantId: string;
  aadObjectId: string;
}

let sequence = 0;

function envelope(serviceUrl: string, user: ProbeUser) {
  sequence++;
  return {
    id: `bench-${sequence}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    locale: 'en-US',
    from: { id: `29:${user.aadObjectId}`, name: 'Bench Admin', aadObjectId: user.aadObjectId },
    recipient: { id: '28:closure-bot', name: 'Closure assistant' },
    conversation: { id: `a:personal-${user.aadObjectId}`, conversationType: 'personal', tenantId: user.tenantId },
    channelData: { tenant: { id: user.tenantId } },
  };
}

/** The admin types "status": the bot reads the closure (and Graph) and replies with a card. */
export function statusMessage(serviceUrl: string, user: ProbeUser) {
  return { ...envelope(serviceUrl, user), type: 'message', text: 'status' };
}

/** The admin clicks an Action.Execute button of a stale card: the invoke answer replaces the card. */
export function cardInvoke(serviceUrl: string, user: ProbeUser) {
  return {
    ...envelope(serviceUrl, user),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: 'closure.cancel', data: { closureId: 'bench-closure', stepId: 'deleteUsers', version: 0 } }, trigger: 'manual' },
  };
}

/** One round trip to /api/messages, in milliseconds (the bot answers after the turn is done). */
export async function roundTrip(botUrl: string, activity: unknown): Promise<{ ms: number; status: number }> {
  const started = process.hrtime.bigint();
  const response = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  await response.arrayBuffer();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, status: response.status };
}

