import { createServer, IncomingMessage, Server } from 'node:http';

export interface ScriptedAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ScriptedRequest {
  method: string;
  /** Path below the version, without the query. */
  path: string;
  url: string;
  authorization?: string;
  body?: unknown;
}

/**
 * A Graph endpoint on loopback that answers what a test scripts, request by request: for shapes
 * the simulator does not (yet) produce, such as a 403 for a missing scope or a Conditional Access
 * 429 without Retry-After. Every request is recorded.
 */
export class ScriptedGraph {
  readonly requests: ScriptedRequest[] = [];
  url = '';
  private server?: Server;

  constructor(private readonly answer: (request: ScriptedRequest, index: number) => ScriptedAnswer) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void readBody(req).then((raw) => {
        const url = req.url ?? '/';
        const path = decodeURIComponent(url.split('?')[0]).replace(/^\/(v1\.0|beta)(?=\/)/, '');
        const request: ScriptedRequest = { method: req.method ?? 'GET', path, url, authorization: req.headers.authorization, body: raw ? JSON.parse(raw) : undefined };
        this.requests.push(request);
        const answer = this.answer(request, this.requests.length - 1);
        const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        res.writeHead(answer.status, { 'Content-Type': typeof answer.body === 'string' ? 'text/plain' : 'application/json', ...answer.headers });
        res.end(text);
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const address = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${address.port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
  });
}

/** Graph's error body. */
export function graphError(code: string, message: string): { error: { code: string; message: string; innerError: Record<string, string> } } {
  return { error: { code, message, innerError: { 'request-id': 'req-1', date: '2026-12-06T07:00:00' } } };
}

/** An unsigned JWT with the claims given: enough for code that reads claims, never for a signature check. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}
