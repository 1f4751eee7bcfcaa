import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * The Bot Framework connector on loopback for the load run: it answers every send or update with an
 * id, keeps each reply until its conversation picks it up (keyed by the activity it answers), and
 * only counts proactive messages and card updates, so memory stays bounded however long the run.
 */
export class LoadConnector {
  replies = 0;
  proactive = 0;
  updates = 0;
  url = '';
  private readonly pending = new Map<string, { body: Record<string, unknown>; id: string }>();
  private server?: Server;
  private next = 1;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void readJson(req).then((body) => {
        const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?/.exec(req.url ?? '');
        const replyTo = match?.[2] ? decodeURIComponent(match[2]) : undefined;
        const id = replyTo && req.method === 'PUT' ? replyTo : `activity-${this.next++}`;
        if (req.method === 'PUT') this.updates++;
        else if (replyTo) {
          this.replies++;
          this.pending.set(`${decodeURIComponent(match![1])}/${replyTo}`, { body, id });
        } else this.proactive++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** The reply the bot sent to `activityId` in `conversationId` and its message id (removed once taken). */
  take(conversationId: string, activityId: string): { body: Record<string, unknown>; id: string } | undefined {
    const key = `${conversationId}/${activityId}`;
    const body = this.pending.get(key);
    this.pending.delete(key);
    return body;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}
