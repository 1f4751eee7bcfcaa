import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the Bot Framework connector (the activities' serviceUrl): it answers every
 * send or update with an id, as the connector does, and only counts them.
 */
export class BenchConnector {
  calls = 0;
  url = '';
  private server?: Server;

  async start(): Promise<this> {
    let next = 1;
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        this.calls++;
        // Not chained: restify, loaded in the same process, patches writeHead to return nothing.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `activity-${next++}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
