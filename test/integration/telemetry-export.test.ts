import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TENANT, GraphSimulator, startGraphSimulator } from '../../graph-sim';
import { BotProcess } from '../support/bot-process';
import { FakeConnector } from '../support/fake-connector';
import { LocalCertificate, localCertificate, readBody, startHttpsServer } from '../support/local-tls';
import { messageActivity, postActivity, TeamsUser } from '../support/teams-activity';

/** One telemetry item as Application Insights ingestion receives it. */
interface Envelope {
  name: string;
  iKey: string;
  tags: Record<string, string>;
  data: { baseType: string; baseData: Record<string, unknown> };
}

const IKEY = '00000000-0000-0000-0000-000000000000';
const SIGNATURE = 'TelemetryMustNotSeeThisSignature0123456789ab';

/**
 * The Application Insights export, end to end and offline: the bot runs in its own process exactly as
 * `npm run serve` starts it (telemetry first), with a connection string whose ingestion endpoint is
 * an https server on loopback (the exporter talks https only; the child trusts the throwaway
 * certificate through NODE_EXTRA_CA_CERTS). An admin says "close account", which reads Graph (the
 * simulator) and replies through the Bot Connector (a fake); SIGTERM drains the bot and flushes the
 * exporter, and everything it sent is then on the ingestion server.
 */
describe('Application Insights export', () => {
  let sim: GraphSimulator;
  let connector: FakeConnector;
  let ingestion: Awaited<ReturnType<typeof startHttpsServer>>;
  let tempDir: string;
  let certificate: LocalCertificate;
  const posts: Array<{ method: string; path: string; body: string }> = [];
  const admin: TeamsUser = { tenantId: DEMO_TENANT.tenantId, aadObjectId: DEMO_TENANT.adminId, name: 'Mario Rossi' };

  beforeAll(async () => {
    certificate = await localCertificate();
    ingestion = await startHttpsServer(certificate, (req, res) => {
      void readBody(req).then((body) => {
        posts.push({ method: req.method ?? '', path: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ itemsReceived: 0, itemsAccepted: 0, errors: [] }));
      });
    });
    sim = await startGraphSimulator({ scenarios: ['demo'] });
    connector = await new FakeConnector().start();
    tempDir = mkdtempSync(join(tmpdir(), 'telemetry-export-'));
  });

  afterAll(async () => {
    await connector?.stop();
    await sim?.close();
    await ingestion?.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  });

  it('sends the request, its Graph and Connector calls and the HTTP metrics to the configured endpoint, and nothing anywhere else', async () => {
    const bot = await new BotProcess({
      GRAPH_ENDPOINT: sim.url,
      GRAPH_AUTH: 'static',
      GRAPH_TOKEN: 'sim.{tenantId}.{userId}',
      STATE_STORE: 'memory',
      APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${IKEY};IngestionEndpoint=${ingestion.origin}/;LiveEndpoint=${ingestion.origin}/`,
      NODE_EXTRA_CA_CERTS: certificate.caFile,
      // The exporter keeps what it could not send under the temp directory and resends it at the next
      // start: this run's own, so no other run's leftovers arrive here.
      TMPDIR: tempDir,
      // Were statsbeat on, its daily report to Microsoft would go out within this run, and be refused below.
      LONG_INTERVAL_EXPORT_MILLIS: '100',
    }).start();
    try {
      const reply = await postActivity(bot.url, messageActivity(connector.url, admin, 'close account'));
      expect(reply.status).toBe(200);
      expect(connector.sent()).toHaveLength(1);
      // A backup link that is not valid: the request is recorded, its signature must not be.
      const download = await fetch(`${bot.url}/backups/${admin.tenantId}/nothing.csv?exp=99999999999&sig=${SIGNATURE}`);
      expect([403, 404]).toContain(download.status);
    } finally {
      // SIGTERM: the bot drains, then telemetry flushes; the child has exited when this resolves,
      // and it exits only after the ingestion server has answered every post.
      await bot.stop();
    }

    expect(posts.length).toBeGreaterThan(0);
    // Only the track endpoint: no Live Metrics (QuickPulse), no statsbeat through this endpoint either.
    expect(new Set(posts.map((p) => `${p.method} ${p.path}`))).toEqual(new Set(['POST /v2.1/track']));
    // The child's loopback guard reports any connection to elsewhere. The one it sees is the SDK's
    // Azure VM resource detector asking the instance metadata service (link-local, on the host, not a
    // Microsoft endpoint; no option turns it off). Statsbeat would post to Microsoft at shutdown.
    const refused = [...bot.output.matchAll(/non-loopback host "([^"]+)"/g)].map((m) => m[1]);
    expect(refused.filter((host) => host !== '169.254.169.254')).toEqual([]);
    expect(bot.output).not.toMatch(/Shutdown failed|Unhandled/);

    const envelopes = posts.flatMap((p) => parseEnvelopes(p.body));
    expect(envelopes.every((e) => e.iKey === IKEY)).toBe(true);
    expect(envelopes.every((e) => e.tags['ai.cloud.role'] === 'm365-closure-bot')).toBe(true);
    expect(posts.map((p) => p.body).join('\n')).not.toContain(SIGNATURE);

    const requests = envelopes.filter((e) => e.data.baseType === 'RequestData');
    const message = requests.find((e) => e.data.baseData.name === 'POST /api/messages');
    expect(message?.data.baseData).toMatchObject({ responseCode: '200', success: true, url: `${bot.url}/api/messages` });
    const operation = message!.tags['ai.operation.id'];
    const requestId = message!.data.baseData.id;

    const download = requests.find((e) => String(e.data.baseData.name).startsWith('GET /backups/'));
    expect(download?.data.baseData.url).toBe(`${bot.url}/backups/${admin.tenantId}/nothing.csv?exp=99999999999&sig=REDACTED`);

    // Graph goes through fetch: each call is a dependency of the request that made it.
    const dependencies = envelopes.filter((e) => e.data.baseType === 'RemoteDependencyData');
    const graph = dependencies.filter((e) => String(e.data.baseData.data).startsWith(`${sim.url}/v1.0/`));
    expect(graph.map((e) => e.data.baseData.name)).toEqual(expect.arrayContaining(['GET /v1.0/organization', 'GET /v1.0/users/$count']));
    for (const call of graph) {
      // The exporter takes the target from server.address alone for fetch calls: no port.
      expect(call.data.baseData).toMatchObject({ type: 'Http', target: '127.0.0.1', resultCode: '200', success: true });
      expect(call.tags).toMatchObject({ 'ai.operation.id': operation, 'ai.operation.parentId': requestId });
    }
    // The reply goes to the Bot Connector through http.
    const connectorPort = new URL(connector.url).port;
    const replyCall = dependencies.find((e) => e.data.baseData.target === `127.0.0.1:${connectorPort}`);
    expect(replyCall?.data.baseData).toMatchObject({ type: 'Http', resultCode: '200', success: true });
    expect(String(replyCall?.data.baseData.name)).toMatch(/^POST \/v3\/conversations\/.+\/activities/);
    expect(replyCall?.tags['ai.operation.id']).toBe(operation);

    // The HTTP metrics the instrumentation records are flushed on shutdown too.
    const metrics = envelopes.filter((e) => e.data.baseType === 'MetricData').flatMap((e) => e.data.baseData.metrics as Array<{ name: string }>);
    expect(metrics.map((m) => m.name)).toEqual(expect.arrayContaining(['http.server.duration', 'http.client.request.duration']));
  });
});

/** The exporter posts a JSON array; ingestion also takes newline-delimited JSON. */
function parseEnvelopes(body: string): Envelope[] {
  const text = body.trim();
  if (text.startsWith('[')) return JSON.parse(text) as Envelope[];
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Envelope);
}
