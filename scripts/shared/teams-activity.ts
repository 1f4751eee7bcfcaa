/**
 * Teams-shaped activities, as the Teams service posts them to /api/messages: one definition for the
 * tests (test/support/teams-activity.ts re-exports it), the load generator and the benchmark probe.
 * It lives under scripts/ because built scripts cannot import from test/.
 */
export interface TeamsUser {
  tenantId: string;
  aadObjectId: string;
  name?: string;
  /** Another chat of the same person (another device or conversation); the personal chat when absent. */
  conversationId?: string;
}

export interface ActivityOptions {
  locale?: string;
  conversationType?: string;
}

let sequence = 0;

/** What every activity from this user's personal chat carries (a fresh id each time). */
export function teamsEnvelope(serviceUrl: string, user: TeamsUser, options: ActivityOptions = {}) {
  sequence++;
  return {
    id: `incoming-${sequence}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    locale: options.locale ?? 'en-US',
    from: { id: `29:${user.aadObjectId}`, name: user.name ?? 'Admin', aadObjectId: user.aadObjectId },
    recipient: { id: '28:closure-bot', name: 'Closure assistant' },
    conversation: { id: personalConversationId(user), conversationType: options.conversationType ?? 'personal', tenantId: user.tenantId },
    channelData: { tenant: { id: user.tenantId } },
  };
}

export function personalConversationId(user: Pick<TeamsUser, 'aadObjectId' | 'conversationId'>): string {
  return user.conversationId ?? `a:personal-${user.aadObjectId}`;
}

export function messageActivity(serviceUrl: string, user: TeamsUser, text: string, options: ActivityOptions = {}) {
  return { ...teamsEnvelope(serviceUrl, user, options), type: 'message', text };
}

/** An Action.Execute click; `replyToId` names the card message it was clicked on. */
export function cardActionActivity(serviceUrl: string, user: TeamsUser, verb: string, data: Record<string, unknown>, options: ActivityOptions & { replyToId?: string } = {}) {
  return {
    ...teamsEnvelope(serviceUrl, user, options),
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

export function installActivity(serviceUrl: string, user: TeamsUser, options: ActivityOptions = {}) {
  const base = teamsEnvelope(serviceUrl, user, options);
  return { ...base, type: 'conversationUpdate', membersAdded: [{ id: base.recipient.id }] };
}

/** The Adaptive Card an activity carries, if any. */
export function adaptiveCardOf<T = Record<string, unknown>>(activity: Record<string, unknown> | undefined): T | undefined {
  const attachments = activity?.attachments as Array<{ contentType: string; content: T }> | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}
