import { Client, Context, Middleware } from '@microsoft/microsoft-graph-client';
import { labelAnswer, RequestLabel } from '../ports/graph-answer-label';

/** The scopes of the last token each client sent, for `$batch` items that failed inside a 200 envelope. */
const clientScopes = new WeakMap<Client, { middleware: RequestLabelMiddleware }>();

/** The delegated scopes of the token this client last sent; undefined before any request or without `scp`. */
export function scopesSeenBy(client: Client): string[] | undefined {
  return clientScopes.get(client)?.middleware.lastScopes;
}

export function rememberLabelMiddleware(client: Client, middleware: RequestLabelMiddleware): void {
  clientScopes.set(client, { middleware });
}

/**
 * Labels every answer with its request's method and path, and the `scp` of the token sent (read
 * from the Authorization header the bearer middleware set; the token itself is never kept). Sits
 * after the bearer middleware and the retry handler, next to the wire.
 */
export class RequestLabelMiddleware implements Middleware {
  private next?: Middleware;
  lastScopes?: string[];

  async execute(context: Context): Promise<void> {
    const label = labelOf(context);
    this.lastScopes = label.scopes;
    await this.next!.execute(context);
    if (context.response) labelAnswer(context.response.headers, label);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

function labelOf(context: Context): RequestLabel {
  const url = typeof context.request === 'string' ? context.request : context.request.url;
  const method = ((typeof context.request === 'string' ? undefined : context.request.method) ?? context.options?.method ?? 'GET').toUpperCase();
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split('?')[0];
  }
  path = safeDecode(path).replace(/^\/(v1\.0|beta)(?=\/)/, '');
  return { method, path, scopes: scopesOf(authorizationOf(context)) };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function authorizationOf(context: Context): string | undefined {
  if (typeof context.request !== 'string') return context.request.headers.get('Authorization') ?? undefined;
  const headers = context.options?.headers;
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get('Authorization') ?? undefined;
  const record = headers as Record<string, string>;
  return record.Authorization ?? record.authorization;
}

/** The `scp` claim of a JWT bearer token, or undefined (not a JWT, or no delegated scopes). */
export function scopesOf(authorization: string | undefined): string[] | undefined {
  const token = authorization?.replace(/^Bearer\s+/i, '') ?? '';
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { scp?: unknown };
    return typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : undefined;
  } catch {
    return undefined;
  }
}
