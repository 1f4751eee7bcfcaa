import { Client } from '@microsoft/microsoft-graph-client';
import { errorInfoOf } from '../../src/ports';
import { sendBatched } from '../../src/graph';
import { createGraphClient } from '../../src/graph';
import { graphCall } from '../../src/graph';
import { permissionFinding } from '../../src/ports';
import { countUsers } from '../../src/graph';
import { failureOf } from '../support/failure-of';
import { graphError, ScriptedGraph, unsignedJwt } from '../support/scripted-graph';

/**
 * Every failure is classified once, with the request Graph refused and, for a refused permission,
 * what Microsoft's data says about it, compared with the scopes of the token the bot sent.
 */
describe('Graph failures: what failed, and what kind of failure it is', () => {
  let graph: ScriptedGraph;
  let script: (path: string, method: string) => { status: number; body?: unknown; headers?: Record<string, string> };

  beforeAll(async () => {
    graph = await new ScriptedGraph((r) => script(r.path, r.method)).start();
  });
  afterAll(() => graph.stop());

  const client = (token: string, maxRetries = 0): Client => createGraphClient({ endpoint: graph.url, token: async () => token, maxRetries });
  const denied = () => ({ status: 403, body: graphError('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') });

  it('a 403 names the request and, with the token’s scopes, the permission to grant: the declared one Microsoft’s data says allows it', async () => {
    script = denied;
    const token = unsignedJwt({ tid: 't', oid: 'o', scp: 'User.Read access_as_user' });
    const failure = await failureOf(countUsers(client(token)));
    expect(failure.kind).toBe('permission');
    expect(failure.permanent).toBe(true);
    expect(failure.request).toEqual({ method: 'GET', path: '/users/$count' });
    expect(failure.tokenScopes).toEqual(['User.Read', 'access_as_user']);
    // User.ReadBasic.All is the least privileged, but the app declares User.Read.All: that is what consent grants.
    expect(permissionFinding(failure)).toMatchObject({ verdict: 'scopeMissing', permission: 'User.Read.All', request: 'GET /users/$count' });
    expect(permissionFinding(failure)?.allowedBy[0]).toBe('User.ReadBasic.All');
    expect(errorInfoOf(failure)).toMatchObject({ kind: 'permission', request: 'GET /users/$count', httpStatus: 403, permission: { verdict: 'scopeMissing', name: 'User.Read.All' } });
  });

  it('a 403 although the token holds an allowing scope is a role the admin lacks, not a missing permission', async () => {
    script = denied;
    const token = unsignedJwt({ scp: 'User.Read User.Read.All' });
    const failure = await failureOf(countUsers(client(token)));
    expect(permissionFinding(failure)).toMatchObject({ verdict: 'roleMissing', permission: 'User.Read.All' });
  });

  it('without scopes in the token (static or app-only), it names what allows the request and which of those the app declares, never a guess', async () => {
    script = denied;
    const failure = await failureOf(graphCall(() => client('sim.tenant.user').api('/applications').select('id').get()));
    expect(failure.request).toEqual({ method: 'GET', path: '/applications' });
    expect(failure.tokenScopes).toBeUndefined();
    const finding = permissionFinding(failure)!;
    expect(finding.verdict).toBe('scopesUnknown');
    expect(finding.permission).toBeUndefined();
    expect(finding.allowedBy).toEqual(expect.arrayContaining(['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All']));
    expect(finding.declaredAllowing).toEqual(['Application.ReadWrite.All']);
  });

  it('a $batch item refused with 403 names the item’s own method and url, not POST /$batch', async () => {
    script = (path) =>
      path === '/$batch'
        ? {
            status: 200,
            body: {
              responses: [
                { id: '1', status: 204 },
                { id: '2', status: 403, body: graphError('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') },
              ],
            },
          }
        : { status: 500 };
    const results = await sendBatched(client(unsignedJwt({ scp: 'User.Read' })), [
      { id: '1', method: 'DELETE', url: '/applications/a1' },
      { id: '2', method: 'DELETE', url: '/applications/a2' },
    ]);
    expect(results[0].failure).toBeUndefined();
    const failure = results[1].failure!;
    expect(failure.request).toEqual({ method: 'DELETE', path: '/applications/a2' });
    expect(failure.tokenScopes).toEqual(['User.Read']);
    expect(failure.kind).toBe('permission');
  });

  it.each([
    [400, 'Request_UnsupportedQuery', 'refused'],
    [400, 'BadRequest', 'refused'],
    [404, 'Request_ResourceNotFound', 'notFound'],
    [409, 'Conflict', 'refused'],
    [429, 'TooManyRequests', 'transient'],
    [500, 'InternalServerError', 'transient'],
    [503, 'ServiceUnavailable', 'transient'],
    [504, 'GatewayTimeout', 'transient'],
  ])('%s %s is %s', async (status, code, kind) => {
    script = () => ({ status, body: graphError(code, `Graph says ${code}.`) });
    const failure = await failureOf(graphCall(() => client('sim.t.u').api('/organization').get()));
    expect(failure.kind).toBe(kind);
    expect(failure.permanent).toBe(kind !== 'transient');
    expect(failure.request).toEqual({ method: 'GET', path: '/organization' });
    // Graph's reason travels with a refused request, so the admin is told why.
    expect(errorInfoOf(failure)).toMatchObject({ code, kind, message: `Graph says ${code}.` });
  });

  it('a dropped connection is transient', async () => {
    const failure = await failureOf(
      graphCall(() =>
        createGraphClient({ endpoint: 'http://127.0.0.1:9', token: async () => 't', maxRetries: 0 })
          .api('/organization')
          .get(),
      ),
    );
    expect(failure.kind).toBe('transient');
  });

  it('a $count the bot cannot read is an error, never 0', async () => {
    script = () => ({ status: 200, body: 'not a number' });
    const failure = await failureOf(countUsers(client('sim.t.u')));
    expect(failure.code).toBe('UnreadableCount');
    expect(failure.request).toEqual({ method: 'GET', path: '/users/$count' });
  });
});
