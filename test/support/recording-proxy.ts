import { createServer, IncomingHttpHeaders, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  path: string;
  authorization?: string;
  headers: IncomingHttpHeaders;
  /** The request body as text, complete once the request has been forwarded. */
  body: string;
}

/**
 * A pass-through proxy on loopback that records each request's method, path, headers and body
 * before forwarding it: put in front of the Graph simulator, it shows which bearer the bot presented
 * and exactly what it asked for, which the simulator itself does not keep.
 */
export class RecordingProxy {
  readonly requests: ProxiedRequest[] = [];
  /**
   * Answers a request here instead of forwarding it, when it returns an answer: Graph's refusals
   * the simulator does not produce (a 403 for a missing scope, a 400 or 404 of a cloud without the
   * resource). The request is still recorded.
   */
  answer?: (request: ProxiedRequest) => { status: number; body?: unknown; headers?: Record<string, string> } | undefined;
  private server?: Server;
  url = '';

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    const target = new URL(this.target);
    this.server = createServer((req, res) => {
      const recorded: ProxiedRequest = { method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, headers: req.headers, body: '' };
      this.requests.push(recorded);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => (recorded.body = Buffer.concat(chunks).toString('utf8')));
      const scripted = this.answer?.(recorded);
      if (scripted) {
        res.writeHead(scripted.status, { 'Content-Type': 'application/json', ...scripted.headers });
        res.end(scripted.body === undefined ? '' : JSON.stringify(scripted.body));
        return;
      }
      const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
