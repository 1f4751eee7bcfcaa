/** Builders for Teams-shaped activities (shared with the load generator and the benchmark probe). */
import { adaptiveCardOf } from '../../scripts/shared/teams-activity';

export { cardActionActivity, installActivity, messageActivity } from '../../scripts/shared/teams-activity';
export type { TeamsUser } from '../../scripts/shared/teams-activity';

export async function postActivity(botUrl: string, activity: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  }).catch((error: unknown) => {
    // undici says only "fetch failed"; the socket error behind it is what tells a crash from a reset.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`POST ${botUrl}/api/messages failed: ${cause?.code ?? ''} ${cause?.message ?? String(error)}`, { cause: error });
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
  const card = adaptiveCardOf(activity);
  if (!card) throw new Error(`activity has no Adaptive Card: ${JSON.stringify(activity).slice(0, 300)}`);
  return card;
}

/** Every Action.OpenUrl of a card, wherever it sits (the actions bar or an ActionSet in the body). */
export function openUrlActions(card: unknown): Array<{ title?: string; url: string }> {
  const out: Array<{ title?: string; url: string }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.OpenUrl' && typeof o.url === 'string') out.push({ title: typeof o.title === 'string' ? o.title : undefined, url: o.url });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}
