import { loadConfig } from '../../src/config/config';
import { createGraphAccess } from '../../src/graph/graph-access';
import { GraphFailure } from '../../src/graph/graph-failure';

const principal = { tenantId: '11111111-2222-3333-4444-555555555555', userId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' };

async function failureOf(call: Promise<unknown>): Promise<GraphFailure> {
  try {
    await call;
  } catch (error) {
    return GraphFailure.from(error);
  }
  throw new Error('expected a failure');
}

describe('Graph access per GRAPH_AUTH', () => {
  it('static: fills the token template for the tenant and the acting admin', async () => {
    const seen: string[] = [];
    const server = await import('node:http').then(({ createServer }) =>
      createServer((req, res) => {
        seen.push(req.headers.authorization ?? '');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"value":[]}');
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const access = createGraphAccess(loadConfig({ GRAPH_AUTH: 'static', GRAPH_TOKEN: 'sim.{tenantId}.{userId}', GRAPH_ENDPOINT: `http://127.0.0.1:${port}` }));
    await access.client(principal).api('/organization').get();
    server.close();
    expect(seen).toEqual([`Bearer sim.${principal.tenantId}.${principal.userId}`]);
  });

  it('sso: without a Teams sign-in for this admin, asks for one instead of calling Graph', async () => {
    const access = createGraphAccess(loadConfig({ GRAPH_AUTH: 'sso' }));
    const failure = await failureOf(access.client(principal).api('/me').get());
    expect(failure.code).toBe('SignInRequired');
    expect(failure.message).toMatch(/No Teams sign-in/);
  });

  it('sso: after a sign-in, exchanges the token on-behalf-of (here refused: nothing may leave the machine)', async () => {
    const access = createGraphAccess(loadConfig({ GRAPH_AUTH: 'sso', BOT_ID: 'b0b0b0b0-0000-0000-0000-000000000000', BOT_TENANT_ID: principal.tenantId, BOT_PASSWORD: 'secret', SSO_CONNECTION_NAME: 'graph' }));
    access.rememberSignIn(principal, 'eyJ.teams-sso-token.sig');
    const failure = await failureOf(access.client(principal).api('/me').get());
    expect(failure.code).toBe('SignInRequired');
    expect(failure.message).toMatch(/On-behalf-of failed/);
    const other = await failureOf(access.client({ ...principal, userId: 'someone-else' }).api('/me').get());
    expect(other.message).toMatch(/No Teams sign-in/);
  });
});
