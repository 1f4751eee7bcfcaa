import { pipeline } from 'node:stream/promises';
import * as restify from 'restify';
import { Response } from 'botbuilder';
import { Application, TurnState } from '@microsoft/teams-ai';
import { Logger } from '../observability/logger';
import { newCorrelationId, withCorrelation } from '../observability/correlation';
import { BackupFiles } from '../ports/backup-files.port';
import { StrictTeamsAdapter } from './bot-adapter';
import { BotStateConflictError } from './bot-state-storage';
import { answerUnhandledInvoke } from './teams-app';
import { systemClock } from '../time/clock';

export interface HttpServerDeps {
  adapter: StrictTeamsAdapter;
  app: Application<TurnState>;
  log: Logger;
  /** Readiness of the parts the bot needs to serve a turn (storage). Rejects with the reason. */
  ready: () => Promise<void>;
  /** Prometheus text for GET /metrics. */
  metrics?: () => Promise<string>;
  /** Serves backup exports behind signed links. */
  backups?: () => BackupFiles | undefined;
}

export interface HttpServer {
  server: restify.Server;
  /** Stops accepting requests and waits for in-flight turns to finish (at most `graceMs`). */
  drain(graceMs: number): Promise<void>;
}

/**
 * POST /api/messages (the Bot Framework endpoint) and GET /healthz. Malformed bodies are answered
 * 400 here, before the adapter, so no garbage reaches a turn.
 */
export function createHttpServer(deps: HttpServerDeps): HttpServer {
  const server = restify.createServer({ name: 'm365-closure-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false, rejectUnknown: true }));
  let inFlight = 0;
  let draining = false;
  const idle: Array<() => void> = [];

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    const correlationId = newCorrelationId();
    res.header('x-correlation-id', correlationId);
    await withCorrelation(correlationId, () => serveActivity(req, res, correlationId));
  });

  async function serveActivity(req: restify.Request, res: restify.Response, correlationId: string): Promise<void> {
    const started = systemClock.now();
    const body = req.body as { type?: unknown; name?: unknown; id?: unknown } | undefined;
    if (draining) {
      res.send(503, { error: 'shutting down' });
      return;
    }
    const problem = malformed(req.body);
    if (problem) {
      deps.log.info({ status: 400, problem }, 'Malformed activity refused');
      res.send(400, { error: problem });
      return;
    }
    inFlight++;
    try {
      await deps.adapter.process(req, res as unknown as Response, async (context) => {
        try {
          await deps.app.run(context);
        } catch (error) {
          // Teams AI saves its state (a pending sign-in) after the turn's replies went out; a conflict
          // means another turn of this chat, on another instance, saved it first. That write stands.
          if (!(error instanceof BotStateConflictError)) throw error;
          deps.log.warn({ activityType: context.activity.type }, "Teams AI state was saved by another turn of this chat meanwhile; this turn's change to it is dropped");
        } finally {
          await answerUnhandledInvoke(context);
        }
      });
    } catch (error) {
      deps.log.error({ err: error }, 'Unhandled error while processing an activity');
      if (!res.headersSent) res.send(500, { error: 'internal error', reference: correlationId });
    } finally {
      inFlight--;
      if (inFlight === 0) idle.splice(0).forEach((resolve) => resolve());
      // Type, name and id only: never the text, card data or headers of the activity.
      deps.log.info(
        {
          activityType: body?.type,
          invokeName: typeof body?.name === 'string' ? body.name.slice(0, 64) : undefined,
          activityId: typeof body?.id === 'string' ? body.id.slice(0, 128) : undefined,
          status: res.statusCode,
          ms: systemClock.now() - started,
        },
        'Activity served',
      );
    }
  }

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    try {
      await deps.ready();
      res.send(draining ? 503 : 200, { status: draining ? 'draining' : 'ok', storage: 'ready' });
    } catch (error) {
      res.send(503, { status: 'unavailable', storage: (error as Error).message });
    }
  });

  server.get('/metrics', async (_req: restify.Request, res: restify.Response) => {
    const body = deps.metrics ? await deps.metrics() : '';
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(body);
  });

  server.get('/backups/:tenantId/:file', async (req: restify.Request, res: restify.Response) => {
    const query = new URL(req.url ?? '/', 'http://local').searchParams;
    const backups = deps.backups?.();
    const result = backups ? await backups.fetch(new URL(req.url ?? '/', 'http://local').pathname, { exp: query.get('exp') ?? undefined, sig: query.get('sig') ?? undefined }) : ({ ok: false, status: 404 } as const);
    if (!result.ok) {
      res.send(result.status, { error: result.status === 403 ? 'This link is invalid or has expired. Ask the bot for a new one.' : 'Not found' });
      return;
    }
    res.writeHead(200, {
      'content-type': result.contentType,
      'content-length': String(result.bytes),
      'content-disposition': `attachment; filename="${result.fileName}"`,
      'cache-control': 'no-store',
    });
    // Streamed from the store: a backup of any size costs the same memory. A store that fails half-way
    // cuts the response short, so the browser reports an incomplete download instead of a shorter file.
    let sent = 0;
    result.body.on('data', (chunk: Buffer) => (sent += chunk.length));
    try {
      await pipeline(result.body, res);
    } catch (error) {
      res.destroy();
      // A browser that closes the connection once it has every byte is not a failure (Node reports it as a premature close).
      if (sent < result.bytes) deps.log.warn({ err: error, sent, bytes: result.bytes }, 'Backup download cut short');
    }
  });

  return {
    server,
    async drain(graceMs) {
      draining = true;
      if (inFlight > 0) await Promise.race([new Promise<void>((resolve) => idle.push(resolve)), delay(graceMs)]);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
    },
  };
}

const TEXT_FIELDS = ['text', 'id', 'channelId', 'locale', 'replyToId', 'name', 'timestamp', 'localTimestamp', 'textFormat'] as const;
const ACCOUNT_TEXT_FIELDS = ['id', 'name', 'aadObjectId', 'role', 'conversationType', 'tenantId'] as const;

function malformed(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON activity object';
  const activity = body as Record<string, unknown>;
  if (typeof activity.type !== 'string' || activity.type.length === 0 || activity.type.length > 64) return 'the activity has no valid "type"';
  if (activity.serviceUrl !== undefined && typeof activity.serviceUrl !== 'string') return 'the activity "serviceUrl" must be a string';
  for (const field of ['conversation', 'from', 'recipient'] as const) {
    const value = activity[field];
    if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) return `the activity "${field}" must be an object`;
  }
  // Every turn needs to know where it comes from and whom to answer (teams-ai keys its turn state on them).
  if (typeof activity.channelId !== 'string' || !activity.channelId) return 'the activity has no "channelId"';
  for (const field of ['conversation', 'from', 'recipient'] as const) {
    const id = (activity[field] as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || !id) return `the activity has no "${field}.id"`;
  }
  // Fields the reply copies back to the connector must have their schema types, or the reply cannot be sent.
  for (const field of TEXT_FIELDS) {
    if (activity[field] !== undefined && activity[field] !== null && typeof activity[field] !== 'string') return `the activity "${field}" must be a string`;
  }
  for (const field of ['conversation', 'from', 'recipient'] as const) {
    const value = (activity[field] ?? {}) as Record<string, unknown>;
    for (const key of ACCOUNT_TEXT_FIELDS) {
      if (value[key] !== undefined && value[key] !== null && typeof value[key] !== 'string') return `the activity "${field}.${key}" must be a string`;
    }
  }
  return undefined;
}

/** The shutdown's grace: a timer that never holds the process open by itself. */
const delay = (ms: number) => new Promise<void>((resolve) => systemClock.after(ms, resolve));
