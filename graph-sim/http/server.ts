import http from 'http';
import type { Socket } from 'net';
import { newRequestId } from '../support/ids';
import { parseBearer } from './auth';
import { handleBatch } from './batch';
import { dispatch } from './dispatch';
import { errorResponse, GraphHttpError } from './graph-error';
import { ApiVersion } from './router';
import { SimContext } from './sim-context';
import { SimResponse } from './sim-response';
import { handleArm } from './arm/arm-routes';
import { azureOf } from './arm/azure-of';

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** The HTTP face of the simulator: latency, faults and concurrency accounting around `dispatch`. */
export async function startServer(sim: SimContext, port: number): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    void serve(sim, req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function serve(sim: SimContext, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  sim.counters.requests++;
  const headers = lowerCaseHeaders(req.headers);
  const bearer = parseBearer(headers['authorization']);
  const tenant = bearer ? sim.tenants.get(bearer.tenantId) : undefined;
  if (tenant) tenant.counters.requests++;
  sim.inFlight++;
  if (tenant) tenant.inFlight++;
  sim.counters.peakConcurrency = Math.max(sim.counters.peakConcurrency, sim.inFlight);
  if (tenant) tenant.counters.peakConcurrency = Math.max(tenant.counters.peakConcurrency, tenant.inFlight);
  try {
    const rawBody = await readBody(req);
    await sleep(sim.latency.fixedMs + sim.latency.jitterMs * sim.random());
    const fault = rollFault(sim);
    if (fault === 'drop-before') return drop(sim, tenant, res);
    if (fault === 503 || fault === 504) {
      // graph-api.md §8.4: the SDK retries 503/504 and honours Retry-After on them too.
      const error = new GraphHttpError(fault, fault === 503 ? 'serviceNotAvailable' : 'gatewayTimeout', 'The service is temporarily unavailable.', { 'Retry-After': Math.max(0.001, sim.timeScale).toFixed(3) });
      sim.counters.errors5xx++;
      if (tenant) tenant.counters.errors5xx++;
      return write(res, errorResponse(error, newRequestId(), headers['client-request-id'], Date.now()));
    }
    const response = handle(sim, req, headers, rawBody);
    if (fault === 'drop-after') return drop(sim, tenant, res);
    write(res, response);
  } finally {
    sim.inFlight--;
    if (tenant) tenant.inFlight--;
  }
}

function handle(sim: SimContext, req: http.IncomingMessage, headers: Record<string, string>, rawBody: string): SimResponse {
  const url = new URL(req.url ?? '/', sim.baseUrl);
  // The simulated Azure Resource Manager (graph-sim/http/arm): its own routes, tokens and error contract.
  if (url.pathname === '/arm' || url.pathname.startsWith('/arm/')) {
    const arm = { tokens: sim.tokens, azureOf: (tenantId: string) => azureOf(sim, tenantId), baseUrl: `${sim.baseUrl}/arm` };
    return handleArm(arm, req.method ?? 'GET', url.pathname.slice('/arm'.length) || '/', url.searchParams, headers['authorization']);
  }
  const match = /^\/(v1\.0|beta)(\/.*)?$/.exec(url.pathname);
  const fail = (error: GraphHttpError) => errorResponse(error, newRequestId(), headers['client-request-id'], Date.now());
  if (!match) return fail(new GraphHttpError(400, 'BadRequest', `Invalid version: ${url.pathname.split('/')[1] ?? ''}`));
  const version = match[1] as ApiVersion;
  const path = match[2] ?? '/';
  let body: unknown;
  if (rawBody.trim() !== '') {
    try {
      body = JSON.parse(rawBody);
    } catch {
      return fail(new GraphHttpError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.'));
    }
  }
  if (path === '/$batch' && (req.method ?? '').toUpperCase() === 'POST') {
    if (!parseBearer(headers['authorization']) || !sim.tenants.has(parseBearer(headers['authorization'])?.tenantId ?? '')) {
      sim.counters.unauthorized++;
      return fail(new GraphHttpError(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.'));
    }
    try {
      return handleBatch(sim, version, headers, body);
    } catch (error) {
      if (error instanceof GraphHttpError) return fail(error);
      throw error;
    }
  }
  return dispatch(sim, { method: req.method ?? 'GET', version, path, query: url.searchParams, headers, body, inBatch: false }).response;
}

type Fault = 'drop-before' | 'drop-after' | 503 | 504 | undefined;

/** One draw per request, so a seed reproduces the same fault sequence. */
function rollFault(sim: SimContext): Fault {
  const { rateDrop = 0, rate503 = 0, rate504 = 0 } = sim.faults;
  if (rateDrop + rate503 + rate504 <= 0) return undefined;
  const roll = sim.random();
  // A dropped connection may come after the request took effect: the client cannot tell which.
  if (roll < rateDrop) return roll < rateDrop / 2 ? 'drop-before' : 'drop-after';
  if (roll < rateDrop + rate503) return 503;
  if (roll < rateDrop + rate503 + rate504) return 504;
  return undefined;
}

function drop(sim: SimContext, tenant: { counters: { dropped: number } } | undefined, res: http.ServerResponse): void {
  sim.counters.dropped++;
  if (tenant) tenant.counters.dropped++;
  res.socket?.destroy();
}

function write(res: http.ServerResponse, response: SimResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload = '';
  if (response.body !== undefined) {
    payload = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    if (!headers['Content-Type']) headers['Content-Type'] = typeof response.body === 'string' ? 'text/plain' : 'application/json';
  }
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function lowerCaseHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
