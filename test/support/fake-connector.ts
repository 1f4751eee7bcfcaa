import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
  authorization?: string;
  /** The activity id the connector answered with (a new id for a send, the same id for an update). */
  responseId?: string;
}

/**
 * A message the bot sent (a POST), not the "typing" indicator Teams AI sends before it when a turn
 * takes over a second, which a loaded machine makes happen at any turn.
 */
export function isMessageSend(call: ConnectorCall): boolean {
  return call.method === 'POST' && (call.body as { type?: string } | undefined)?.type !== 'typing';
}

/**
 * A local stand-in for the Bot Framework connector (the `serviceUrl` of Teams activities): it
 * records every activity the bot sends or updates and answers like the connector does.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  /** Requests answered with an injected failure (see failNext); not in `calls`. */
  readonly refused: ConnectorCall[] = [];
  private server?: Server;
  private nextId = 1;
  private failures: number[] = [];
  private waiters: Array<{ predicate: (c: ConnectorCall) => boolean; resolve: (c: ConnectorCall) => void }> = [];
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void readJson(req).then((body) => {
        const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?/.exec(req.url ?? '');
        const call: ConnectorCall = {
          method: req.method ?? '',
          path: req.url ?? '',
          conversationId: decodeURIComponent(match?.[1] ?? ''),
          activityId: match?.[2] ? decodeURIComponent(match[2]) : undefined,
          body,
          authorization: req.headers.authorization,
        };
        const failWith = this.failures.shift();
        if (failWith !== undefined) {
          this.refused.push(call);
          res.writeHead(failWith, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'ServiceError', message: 'injected by the test' } }));
          return;
        }
        // Replies POST to …/activities/{replyToId}; only an update (PUT) keeps the id it names.
        const id = call.method === 'PUT' && call.activityId ? call.activityId : `activity-${this.nextId++}`;
        call.responseId = id;
        this.calls.push(call);
        // Not chained: restify, loaded in the same process, patches ServerResponse.writeHead to return nothing.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id }));
        this.waiters = this.waiters.filter((w) => (w.predicate(call) ? (w.resolve(call), false) : true));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** Messages sent to a conversation (new messages, not updates, not typing indicators). */
  sent(conversationId?: string): Array<Record<string, unknown>> {
    return this.calls.filter((c) => isMessageSend(c) && (!conversationId || c.conversationId === conversationId)).map((c) => c.body);
  }

  waitFor(predicate: (c: ConnectorCall) => boolean, timeoutMs = 10_000): Promise<ConnectorCall> {
    const existing = this.calls.find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('FakeConnector: expected call did not arrive')), timeoutMs);
      this.waiters.push({ predicate, resolve: (c) => (clearTimeout(timer), resolve(c)) });
    });
  }

  /** The next `count` requests are answered `status` and kept in `refused`, not in `calls`. */
  failNext(count: number, status = 502): void {
    this.failures.push(...Array.from({ length: count }, () => status));
  }

  /** Every Adaptive Card the bot sent or updated through this connector. */
  cards(): Array<{ call: ConnectorCall; card: Record<string, unknown> }> {
    return this.calls.flatMap((call) => {
      const attachments = (call.body.attachments as Array<{ contentType?: string; content?: Record<string, unknown> }> | undefined) ?? [];
      return attachments.filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive' && a.content).map((a) => ({ call, card: a.content! }));
    });
  }

  clear(): void {
    this.calls.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return { unparsable: text };
  }
}
