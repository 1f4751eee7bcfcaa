import type { Tenant } from '../directory/tenant';
import type { Caller } from './auth';
import { badRequest } from './graph-error';
import type { HttpMethod } from '../support/http-method';

/** One Graph request as routes see it, whether it came over HTTP or inside a `$batch`. */
export interface RequestContext {
  version: 'v1.0' | 'beta';
  method: HttpMethod;
  /** Decoded path segments after the version, with `/me` already rewritten to `/users/{caller}`. */
  segments: string[];
  /** Values of the `{name}` placeholders of the matched route. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
  tenant: Tenant;
  caller: Caller;
  /** Absolute origin of the simulator, used to build `@odata.nextLink`. */
  baseUrl: string;
  /** The path as the client wrote it (for nextLink), e.g. `/me/memberOf`. */
  rawPath: string;
}

export function isEventual(ctx: RequestContext): boolean {
  return (ctx.headers['consistencylevel'] ?? '').toLowerCase() === 'eventual';
}

/** The body of a PATCH/POST as an object, or 400 like Graph for anything else. */
export function bodyObject(ctx: RequestContext): Record<string, unknown> {
  if (ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body)) return ctx.body as Record<string, unknown>;
  throw badRequest('Write requests (excluding DELETE) must contain the Content-Type header declaration and a JSON object body.');
}
