/** Builders for Teams-shaped activities, as the Teams service posts them to /api/messages. */
export interface TeamsUser {
  tenantId: string;
  aadObjectId: string;
  name: string;
}

let sequence = 0;

export function messageActivity(serviceUrl: string, user: TeamsUser, text: string, options: { locale?: string; conversationType?: string } = {}) {
  return {
    ...envelope(serviceUrl, user, options),
    type: 'message',
    text,
  };
}

export function cardActionActivity(serviceUrl: string, user: TeamsUser, verb: string, data: Record<string, unknown>, options: { locale?: string; replyToId?: string } = {}) {
  return {
    ...envelope(serviceUrl, user, options),
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

export function installActivity(serviceUrl: string, user: TeamsUser, options: { locale?: string } = {}) {
  const base = envelope(serviceUrl, user, options);
  return { ...base, type: 'conversationUpdate', membersAdded: [{ id: base.recipient.id }] };
}

function envelope(serviceUrl: string, user: TeamsUser, options: { locale?: string; conversationType?: string }) {
  sequence++;
  return {
    id: `incoming-${sequence}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    locale: options.locale ?? 'en-US',
    from: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: '28:closure-bot', name: 'Closure assistant' },
    conversation: { id: `a:personal-${user.aadObjectId}`, conversationType: options.conversationType ?? 'personal', tenantId: user.tenantId },
    channelData: { tenant: { id: user.tenantId } },
  };
}

export async function postActivity(botUrl: string, activity: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // keep the raw text
  }
  return { status: response.status, body };
}

/** Every string in a card, to assert on what the admin reads. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (typeof node === 'string') out.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(card);
  return out.join('\n');
}

export function firstCard(activity: Record<string, unknown>): Record<string, unknown> {
  const attachments = activity.attachments as Array<{ contentType: string; content: Record<string, unknown> }> | undefined;
  const card = attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (!card) throw new Error(`activity has no Adaptive Card: ${JSON.stringify(activity).slice(0, 300)}`);
  return card.content;
}
