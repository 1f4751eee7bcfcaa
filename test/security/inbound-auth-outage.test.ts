import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { BotAuthOverrides } from '../../src/hosting';
import { SigningKeysOptions } from '../../src/hosting';
import { createLogger } from '../../src/observability';
import { messageActivity } from '../support/teams-activity';
import { AuthenticatedBot, startAuthenticatedBot } from './support/authenticated-bot';
import { LocalBotFrameworkIdentity } from '../support/local-bot-auth';

/**
 * BOT_ID set, and the Bot Framework channel's OpenID metadata and keys go away (a loopback endpoint
 * that stops listening: ECONNREFUSED, as for login.botframework.com during an outage). Bad tokens
 * are still refused 401; a well-formed token is 401 when its key is unknown to the cached keys, and
 * 503 with Retry-After only while no key could ever be fetched; never 500, and no body names a host,
 * an error code or a stack. A valid token signed by a cached key keeps working.
 */
class LogLines extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  }
  messages(): string[] {
    return this.lines.map((l) => String((JSON.parse(l) as { msg?: unknown }).msg));
  }
}

const minutes = (n: number) => Math.floor(Date.now() / 1000) + n * 60;

type TokenKind = [string, (setup: AuthenticatedBot) => string | undefined];

/** Refused whatever the keys: nothing about them needs a signature check. */
const alwaysRefused: TokenKind[] = [
  ['no Authorization header', () => undefined],
  ['a garbage bearer', () => 'Bearer not-a-jwt'],
  ['an expired token', (s) => `Bearer ${s.identity.sign(s.connector.url, { nbf: minutes(-70), exp: minutes(-10) })}`],
  ['a token for another audience', (s) => `Bearer ${s.identity.sign(s.connector.url, { aud: randomUUID() })}`],
];

/** Well-formed and current, for this bot: only its signature (its key) can tell. */
const needsTheKeys: TokenKind[] = [
  ['a token signed by a key the channel does not have', (s) => `Bearer ${s.identity.sign(s.connector.url, {}, { key: s.identity.foreignKey.privateKey, kid: `kid-${randomUUID()}` })}`],
  ['a forged signature on the trusted key id', (s) => `Bearer ${s.identity.sign(s.connector.url, {}, { key: s.identity.foreignKey.privateKey })}`],
];

const valid = (s: AuthenticatedBot) => `Bearer ${s.identity.sign(s.connector.url)}`;

/** Nothing in a refusal that tells a stranger about our internals: hosts, ports, error codes, stacks. */
function expectCleanBody(body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
  expect(text).not.toMatch(/127\.0\.0\.1|localhost|botframework\.com|microsoftonline|:\d{2,5}\b/i);
  expect(text).not.toMatch(/\bE[A-Z]{3,}\b/); // ECONNREFUSED, ENOTFOUND, ETIMEDOUT…
  expect(text).not.toMatch(/fetch|socket|\bat .*\(|\.js:|\.ts:|stack/i);
}

async function post(setup: AuthenticatedBot, authorization: string | undefined) {
  const calls = setup.connector.calls.length;
  const graph = setup.sim.counters().requests;
  const response = await fetch(`${setup.bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(messageActivity(setup.connector.url, setup.admin, 'close account')),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text,
    ranTurn: async () => {
      await new Promise((r) => setTimeout(r, 50));
      return setup.connector.calls.length > calls || setup.sim.counters().requests > graph;
    },
  };
}

async function start(logs: LogLines, signingKeys: Partial<SigningKeysOptions>): Promise<AuthenticatedBot> {
  return startAuthenticatedBot({
    log: createLogger('info', logs),
    botAuth: (identity: LocalBotFrameworkIdentity) => ({ ...identity.botAuth(), signingKeys }) as BotAuthOverrides,
  });
}

describe('inbound authentication when the keys were fetched and the OpenID endpoint then goes away', () => {
  const logs = new LogLines();
  let setup: AuthenticatedBot;
  beforeAll(async () => {
    setup = await start(logs, { refreshIntervalMs: 150, retryAfterFailureMs: 100 });
    const first = await post(setup, valid(setup));
    expect(first.status).toBe(200);
    await setup.identity.channelGoesAway();
  });
  afterAll(() => setup?.stop());

  it.each([...alwaysRefused, ...needsTheKeys])('answers 401 to %s, with a clean body, and nothing runs', async (_name, token) => {
    const response = await post(setup, token(setup));
    expect(response.status).toBe(401);
    expectCleanBody(response.body);
    expect(await response.ranTurn()).toBe(false);
  });

  it('runs the turn for a valid token signed by a cached key while every refresh fails, and logs it', async () => {
    await new Promise((r) => setTimeout(r, 200)); // the keys are now older than the refresh interval
    const before = setup.identity.channelRequests;
    for (let i = 0; i < 3; i++) {
      const response = await post(setup, valid(setup));
      expect(response.status).toBe(200);
      expect(await response.ranTurn()).toBe(true);
      await new Promise((r) => setTimeout(r, 120));
    }
    expect(setup.identity.channelRequests).toBe(before); // it is gone: nothing answered
    expect(logs.messages()).toContain('Could not refresh the Bot Framework signing keys; the last good keys keep serving');
    expect(logs.lines.some((l) => l.includes('ECONNREFUSED'))).toBe(true); // the log says why; the answers do not
  });
});

describe('inbound authentication when the OpenID endpoint was never reachable', () => {
  const logs = new LogLines();
  let setup: AuthenticatedBot;
  beforeAll(async () => {
    setup = await start(logs, { retryAfterFailureMs: 30_000 });
    await setup.identity.channelGoesAway();
  });
  afterAll(() => setup?.stop());

  it.each(alwaysRefused)('answers 401 to %s, with a clean body, and nothing runs', async (_name, token) => {
    const response = await post(setup, token(setup));
    expect(response.status).toBe(401);
    expectCleanBody(response.body);
    expect(await response.ranTurn()).toBe(false);
  });

  it.each([...needsTheKeys, ['a valid token', valid] as TokenKind])('answers 503 with Retry-After to %s (no key to check it with), and nothing runs', async (_name, token) => {
    const response = await post(setup, token(setup));
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expectCleanBody(response.body);
    expect(await response.ranTurn()).toBe(false);
  });

  it('tried the endpoint once, not once per request, and logged why it answers 503', () => {
    const failures = logs.messages().filter((m) => m === 'Could not fetch the Bot Framework signing keys; requests with a token are answered 503 until they can be fetched');
    expect(failures).toHaveLength(1);
  });
});

describe('inbound authentication once the OpenID endpoint comes back', () => {
  const logs = new LogLines();
  let setup: AuthenticatedBot;
  beforeAll(async () => {
    setup = await start(logs, { retryAfterFailureMs: 200 });
    await setup.identity.channelGoesAway();
  });
  afterAll(() => setup?.stop());

  it('answers 503 while it is away, then runs the turn after the retry time', async () => {
    expect((await post(setup, valid(setup))).status).toBe(503);
    await setup.identity.channelComesBack();
    await new Promise((r) => setTimeout(r, 250));
    const response = await post(setup, valid(setup));
    expect(response.status).toBe(200);
    expect(await response.ranTurn()).toBe(true);
    expect(logs.messages()).toContain('Fetched the Bot Framework signing keys');
  });
});

describe('refetches for unknown signing key ids', () => {
  const logs = new LogLines();
  let clock = Date.now();
  let setup: AuthenticatedBot;
  beforeAll(async () => {
    setup = await start(logs, { unknownKeyRefetchMs: 60_000, now: () => clock });
    expect((await post(setup, valid(setup))).status).toBe(200);
  });
  afterAll(() => setup?.stop());

  const unknownKey = () => `Bearer ${setup.identity.sign(setup.connector.url, {}, { key: setup.identity.foreignKey.privateKey, kid: `kid-${randomUUID()}` })}`;
  const flood = (n: number) => Promise.all(Array.from({ length: n }, () => post(setup, unknownKey())));

  it('are rate-limited: a flood of forged key ids fetches the keys at most once per minute', async () => {
    const before = setup.identity.channelRequests;
    for (const response of await flood(20)) expect(response.status).toBe(401);
    expect(setup.identity.channelRequests).toBe(before); // fetched just now: no refetch at all
    expect(logs.messages()).toContain('A token names an unknown signing key id; the keys were fetched recently, so it is refused without refetching');

    clock += 61_000;
    for (const response of await flood(20)) expect(response.status).toBe(401);
    expect(setup.identity.channelRequests).toBe(before + 2); // one refetch: the metadata and the key set

    for (const response of await flood(20)) expect(response.status).toBe(401);
    expect(setup.identity.channelRequests).toBe(before + 2);
    expect((await post(setup, valid(setup))).status).toBe(200);
  });
});
