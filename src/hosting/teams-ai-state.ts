/**
 * What of Teams AI's state may be stored (BotStateStorage's `redact` with SSO). Teams AI 1.7.4 keeps,
 * per personal chat, under `__<user>:<setting>:Bot:AuthState__` the text of the command that started
 * the sign-in, and under `__<user>:<setting>:DialogState__` the OAuth prompt's dialog state. Two things
 * there must never reach the store:
 *
 * - The dialog state is the whole TurnContext of the turn that created it, with `dialogStack` added:
 *   Teams AI's TurnStateProperty.get(defaultValue) is called by botbuilder as get(context, default),
 *   so the context is taken as the default value. Serialised, that context holds the adapter's
 *   configuration (the bot's client secret, `MicrosoftAppPassword`) and the turn's activity (for a
 *   Teams token exchange, the admin's SSO token in `value.token`). Only `dialogStack` is kept: it is
 *   all a DialogContext reads.
 * - The prompt's options hold the sign-in card it already sent (its sign-in link and, from the real
 *   token service, a token post URL): needed only when the prompt begins, so dropped.
 *
 * Then, whatever the shape, any string that holds a JSON Web Token is replaced: no access, SSO or
 * exchanged token is ever written, even if a later Teams AI puts one somewhere else.
 */
export function storableTeamsAiState(item: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) kept[name] = isDialogState(value) ? { dialogStack: value.dialogStack.map(withoutPrompts) } : value;
  return withoutTokens(kept) as Record<string, unknown>;
}

export const REDACTED_TOKEN = '[token removed]';

/** Three base64url parts, the first a JSON header (`{"` is `eyJ`): a JWS or the start of a JWE. */
const JWT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/;

function isDialogState(value: unknown): value is { dialogStack: unknown[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { dialogStack?: unknown }).dialogStack);
}

function withoutPrompts(entry: unknown): unknown {
  if (typeof entry !== 'object' || entry === null) return entry;
  const { id, state } = entry as { id?: unknown; state?: unknown };
  if (typeof state !== 'object' || state === null) return { id, state };
  const options = (state as { options?: unknown }).options;
  if (typeof options !== 'object' || options === null) return { id, state };
  const { prompt: _prompt, retryPrompt: _retryPrompt, ...rest } = options as Record<string, unknown>;
  return { id, state: { ...state, options: rest } };
}

function withoutTokens(value: unknown): unknown {
  if (typeof value === 'string') return JWT.test(value) ? REDACTED_TOKEN : value;
  if (Array.isArray(value)) return value.map(withoutTokens);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutTokens(v)]));
  return value;
}
