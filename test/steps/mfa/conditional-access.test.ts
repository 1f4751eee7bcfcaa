import { GraphSimulator, startGraphSimulator, TenantInfo } from '../../../graph-sim';
import { ConditionalAccessPacer } from '../../../src/graph';
import { createGraphClient } from '../../../src/graph';
import { conditionalAccessRequiringMfa, disableConditionalAccessPolicies, mfaReport } from '../../../src/steps/mfa/mfa.operations';
import { failureOf } from '../../support/failure-of';
import { graphError, ScriptedGraph } from '../../support/scripted-graph';
import { simClient } from '../../support/sim-client';
import { ManualClock } from '../../support/manual-clock';

/** A clock that never waits: it records each wait and moves time on by it. */
class RecordingClock extends ManualClock {
  readonly waits: number[] = [];
  constructor() {
    super(1_000_000);
  }
  override sleep = async (ms: number): Promise<void> => {
    this.waits.push(ms);
    this.t += ms;
  };
}

const PACING = { intervalMs: 1_100, attempts: 4, baseMs: 2_000, capMs: 30_000 };

describe('Step 4 sees every way a tenant requires MFA', () => {
  let sim: GraphSimulator;
  let locked: TenantInfo;

  beforeAll(async () => {
    sim = await startGraphSimulator({ scenarios: ['locked-down'], throttling: false });
    locked = sim.tenants()[0];
  });
  afterAll(() => sim.close());

  const ca = (clock = new RecordingClock()) => ({ tenantId: locked.tenantId, pacer: new ConditionalAccessPacer(clock, PACING) });

  it('names the built-in mfa control and MFA authentication strengths, enforced or report-only; not a strength without MFA, nor a disabled policy', async () => {
    const clock = new RecordingClock();
    const found = await conditionalAccessRequiringMfa(simClient(sim, locked.tenantId, locked.adminId), ca(clock));
    expect(found.map(({ displayName, state, requires, strength }) => ({ displayName, state, requires, strength }))).toEqual(
      expect.arrayContaining([
        { displayName: 'Require MFA for all users', state: 'enabled', requires: 'mfaControl', strength: undefined },
        { displayName: 'Require MFA for admins', state: 'enabled', requires: 'mfaControl', strength: undefined },
        { displayName: 'Phishing-resistant MFA for admins', state: 'enabled', requires: 'authenticationStrength', strength: 'Phishing-resistant MFA' },
        { displayName: 'Passwordless pilot', state: 'enabledForReportingButNotEnforced', requires: 'authenticationStrength', strength: 'Passwordless MFA' },
      ]),
    );
    expect(found).toHaveLength(4);
    // The strengths came inline with the policies: one Conditional Access request, no wait.
    expect(clock.waits).toEqual([]);
  });

  it('the whole report: per-user MFA of the other accounts, security defaults, and those policies', async () => {
    const report = await mfaReport(simClient(sim, locked.tenantId, locked.adminId), simClient(sim, locked.tenantId, locked.adminId, { version: 'beta' }), locked.adminId, ca());
    expect(report).toMatchObject({ usersChecked: 19, usersWithMfa: 19, securityDefaultsEnabled: true });
    expect(report.conditionalAccessRequiringMfa).toHaveLength(4);
  });

  it('turns policies off one per Conditional Access slot (a little over a second apart)', async () => {
    const clock = new RecordingClock();
    const client = simClient(sim, locked.tenantId, locked.adminId);
    const ids = (await conditionalAccessRequiringMfa(client, ca(clock))).filter((p) => p.state === 'enabled').map((p) => p.id);
    clock.waits.length = 0;
    const pacer = new ConditionalAccessPacer(clock, PACING);
    expect(await disableConditionalAccessPolicies(client, { tenantId: locked.tenantId, pacer }, ids)).toEqual({ changed: 3, failed: 0 });
    expect(clock.waits).toEqual([PACING.intervalMs, PACING.intervalMs]);
    const states = sim.inspect(locked.tenantId).conditionalAccessPolicies;
    expect(states.filter((p) => ids.includes(p.id)).every((p) => p.state === 'disabled')).toBe(true);
    expect(states.find((p) => p.displayName === 'Passwordless pilot')?.state).toBe('enabledForReportingButNotEnforced');
  });
});

describe('Conditional Access pacing: 1 request/s per tenant, and the bot’s own backoff after a 429 without Retry-After', () => {
  let graph: ScriptedGraph;
  let answers: Array<{ status: number; body?: unknown }>;

  beforeAll(async () => {
    graph = await new ScriptedGraph((_r, i) => answers[i] ?? { status: 200, body: { value: [] } }).start();
  });
  afterAll(() => graph.stop());
  beforeEach(() => {
    graph.requests.length = 0;
  });

  const throttled = { status: 429, body: graphError('TooManyRequests', 'Too many requests.') };

  it('two 429s without Retry-After: the SDK does not retry them itself; the pacer backs off (2 s, then up to 4 s) and the third try passes', async () => {
    answers = [throttled, throttled, { status: 200, body: { value: [] } }];
    const clock = new RecordingClock();
    // The bot's usual client: had its RetryHandler retried the 429s itself, the first try would have used all three answers.
    const client = createGraphClient({ endpoint: graph.url, token: async () => 't', maxRetries: 2 });
    const found = await conditionalAccessRequiringMfa(client, { tenantId: 't1', pacer: new ConditionalAccessPacer(clock, PACING) });
    expect(found).toEqual([]);
    expect(graph.requests.map((r) => r.path)).toEqual(Array(3).fill('/identity/conditionalAccess/policies'));
    expect(clock.waits).toHaveLength(2);
    expect(clock.waits[0]).toBeGreaterThanOrEqual(1_000);
    expect(clock.waits[0]).toBeLessThanOrEqual(2_000);
    expect(clock.waits[1]).toBeGreaterThanOrEqual(2_000);
    expect(clock.waits[1]).toBeLessThanOrEqual(4_000);
  });

  it('a 429 that lasts is transient after the attempts (the admin reads "try again in a few minutes")', async () => {
    answers = Array(PACING.attempts).fill(throttled);
    const client = createGraphClient({ endpoint: graph.url, token: async () => 't', maxRetries: 2 });
    const failure = await failureOf(conditionalAccessRequiringMfa(client, { tenantId: 't2', pacer: new ConditionalAccessPacer(new RecordingClock(), PACING) }));
    expect(failure.status).toBe(429);
    expect(failure.kind).toBe('transient');
    expect(graph.requests).toHaveLength(PACING.attempts);
  });

  it('a policy whose strength is not inline: the strengths are read (a second, paced request) and one that satisfies MFA is named', async () => {
    answers = [
      {
        status: 200,
        body: {
          value: [
            { id: 'p1', displayName: 'Custom strong sign-in', state: 'enabled', grantControls: { builtInControls: [], authenticationStrength: { id: 's1' } } },
            { id: 'p2', displayName: 'Kiosk', state: 'enabled', grantControls: { builtInControls: [], authenticationStrength: { id: 's2' } } },
          ],
        },
      },
      {
        status: 200,
        body: {
          value: [
            { id: 's1', displayName: 'Custom MFA', requirementsSatisfied: 'mfa' },
            { id: 's2', displayName: 'Password only', requirementsSatisfied: 'none' },
          ],
        },
      },
    ];
    const clock = new RecordingClock();
    const client = createGraphClient({ endpoint: graph.url, token: async () => 't', maxRetries: 0 });
    const found = await conditionalAccessRequiringMfa(client, { tenantId: 't3', pacer: new ConditionalAccessPacer(clock, PACING) });
    expect(found).toEqual([{ id: 'p1', displayName: 'Custom strong sign-in', state: 'enabled', requires: 'authenticationStrength', strength: 'Custom MFA' }]);
    expect(graph.requests.map((r) => r.path)).toEqual(['/identity/conditionalAccess/policies', '/identity/conditionalAccess/authenticationStrength/policies']);
    expect(clock.waits).toEqual([PACING.intervalMs]);
  });

  it('spaces requests from the end of the previous one, so one held up on its way out cannot land in the same second as the next', async () => {
    const clock = new RecordingClock();
    const pacer = new ConditionalAccessPacer(clock, PACING);
    const starts: number[] = [];
    // The first request takes 900 ms from its slot to its answer (a token fetch, a busy machine):
    // Graph may have received it at any point in those 900 ms.
    const slow = async () => {
      starts.push(clock.now());
      clock.t += 900;
    };
    const quick = async () => {
      starts.push(clock.now());
    };
    await Promise.all([pacer.run('t4', slow), pacer.run('t4', quick), pacer.run('t4', quick)]);
    expect(starts[1] - (starts[0] + 900)).toBeGreaterThanOrEqual(PACING.intervalMs);
    expect(starts[2] - starts[1]).toBeGreaterThanOrEqual(PACING.intervalMs);
    // Another tenant's requests are not held back by this one's.
    const before = clock.waits.length;
    await pacer.run('t5', quick);
    expect(clock.waits.length).toBe(before);
  });
});
