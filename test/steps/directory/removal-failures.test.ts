import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createGraphClient } from '../../../src/graph';
import { deleteApplications } from '../../../src/steps/directory/blockers.operations';

/**
 * A Graph that refuses every app deletion (a loopback endpoint answering as Graph does): the removal
 * reports each refused app by name with Graph's status, code and message, never a bare count; a
 * refused permission (403) is not a per-app answer but stops the removal at once, named.
 */
describe('deleting app registrations that Graph refuses', () => {
  let server: Server;
  let url: string;
  /** What Graph answers each app's DELETE in the batch. */
  let refusal = { status: 400, error: { code: 'Request_BadRequest', message: 'The application cannot be deleted now.' } };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.method === 'GET' && req.url?.startsWith('/v1.0/applications')) {
          res.end(
            JSON.stringify({
              value: [
                { id: 'a1', displayName: 'Payroll sync' },
                { id: 'a2', displayName: 'Intranet' },
              ],
            }),
          );
          return;
        }
        if (req.method === 'POST' && req.url === '/v1.0/$batch') {
          const { requests } = JSON.parse(body) as { requests: Array<{ id: string }> };
          res.end(JSON.stringify({ responses: requests.map((r) => ({ id: r.id, status: refusal.status, body: { error: refusal.error } })) }));
          return;
        }
        res.statusCode = 404;
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it("names each app with Graph's answer", async () => {
    const client = createGraphClient({ endpoint: url, token: async () => 'test', maxRetries: 0 });
    const result = await deleteApplications(client);
    expect(result).toEqual({
      deleted: 0,
      failed: 2,
      failures: [
        { name: 'Payroll sync', status: 400, code: 'Request_BadRequest', message: 'The application cannot be deleted now.' },
        { name: 'Intranet', status: 400, code: 'Request_BadRequest', message: 'The application cannot be deleted now.' },
      ],
    });
  });

  it('stops at once on a missing permission (403), which the step card names, instead of counting each app as refused', async () => {
    refusal = { status: 403, error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } };
    const client = createGraphClient({ endpoint: url, token: async () => 'test', maxRetries: 0 });
    await expect(deleteApplications(client)).rejects.toMatchObject({ status: 403, code: 'Authorization_RequestDenied', kind: 'permission' });
  });
});
