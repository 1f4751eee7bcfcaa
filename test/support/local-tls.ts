import { createServer, Server } from 'node:https';
import { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** A throwaway certificate for 127.0.0.1, and the file a child process trusts it from. */
export interface LocalCertificate {
  key: string;
  cert: string;
  /** PEM file to pass as NODE_EXTRA_CA_CERTS to a child process (read once, at its start). */
  caFile: string;
}

/**
 * Some clients only talk https (MSAL wants an https authority; the Azure Monitor exporter posts to
 * an https ingestion endpoint). Tests stand those services up on loopback with a certificate made
 * for the run: nothing is committed, nothing leaves the machine.
 */
export async function localCertificate(): Promise<LocalCertificate> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  const caFile = join(mkdtempSync(join(tmpdir(), 'local-tls-')), 'ca.pem');
  writeFileSync(caFile, pems.cert);
  return { key: pems.private, cert: pems.cert, caFile };
}

/** An https server on 127.0.0.1 with the given certificate; resolves to it and its origin. */
export async function startHttpsServer(certificate: LocalCertificate, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; origin: string; close: () => Promise<void> }> {
  const server = createServer({ key: certificate.key, cert: certificate.cert }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { server, origin, close };
}

/** The request body, as text (gunzipped when the client compressed it). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (req.headers['content-encoding'] === 'gzip') {
    const { gunzipSync } = await import('node:zlib');
    return gunzipSync(raw).toString('utf8');
  }
  return raw.toString('utf8');
}
