import type { Tenant } from '../directory/tenant';
import { sizeClassOf } from '../throttling/limits';
import { requestCost } from '../throttling/request-cost';
import { newRequestId } from '../support/ids';
import { advancedQueryViolation } from '../../graph-reference/advanced-query';
import { Caller, parseBearer, SIM_APP_ID, unauthenticated } from './auth';
import { delegatedAccess } from './scope-check';
import { badRequest, errorResponse, GraphHttpError } from './graph-error';
import { RequestContext } from './request-context';
import type { HttpMethod } from '../support/http-method';
import { ApiVersion } from './router';
import { SimContext } from './sim-context';
import { SimResponse } from './sim-response';

export interface GraphRequest {
  method: string;
  version: ApiVersion;
  /** Path after the version, still URL-encoded, e.g. `/users/a%40b.com`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  inBatch: boolean;
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

/**
 * One Graph request, top-level or inside `$batch` (each batch item is evaluated individually:
 * authentication, throttling and rules, graph-api.md §7). Answers are in Graph's shapes, with
 * `request-id` / `client-request-id` headers (§9). Returns the tenant (when the token named one) so
 * the caller can attribute counters.
 */
export function dispatch(sim: SimContext, request: GraphRequest): { response: SimResponse; tenant?: Tenant } {
  const requestId = newRequestId();
  const clientRequestId = request.headers['client-request-id'];
  let tenant: Tenant | undefined;
  const finish = (response: SimResponse) => {
    const headers: Record<string, string> = { 'request-id': requestId, ...(clientRequestId ? { 'client-request-id': clientRequestId } : {}), ...response.headers };
    if (response.body !== undefined && typeof response.body !== 'string' && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
    const done = { ...response, headers };
    if (tenant) {
      if (done.status === 429) tenant.counters.throttled++;
      if (done.status >= 500) tenant.counters.errors5xx++;
    }
    if (done.status === 429) sim.counters.throttled++;
    if (done.status >= 500) sim.counters.errors5xx++;
    return { response: done, tenant };
  };
  const fail = (error: GraphHttpError) => finish(errorResponse(error, requestId, clientRequestId, tenant?.now() ?? Date.now()));
  try {
    const bearer = parseBearer(request.headers['authorization'], sim.tokens);
    tenant = bearer ? sim.tenants.get(bearer.tenantId) : undefined;
    if (!bearer || !tenant || bearer.problem) {
      tenant = undefined;
      sim.counters.unauthorized++;
      return fail(unauthenticated(bearer?.problem ?? (bearer ? 'Access token validation failure. The tenant of the token is unknown.' : 'IDX14100: JWT is not well formed.')));
    }
    if (request.inBatch) {
      tenant.counters.batchItems++;
      sim.counters.batchItems++;
    }
    const method = request.method.toUpperCase() as HttpMethod;
    if (method !== 'GET') {
      tenant.counters.writes++;
      sim.counters.writes++;
    }
    tenant.tick();
    let caller: Caller = { kind: 'app', tenantId: tenant.id, appId: SIM_APP_ID };
    if (bearer.userId) {
      if (!tenant.users().has(bearer.userId)) {
        tenant.counters.unauthorized++;
        sim.counters.unauthorized++;
        return fail(unauthenticated('Access token validation failure. The user of the token does not exist in the tenant.'));
      }
      // A JWT grants its `scp`; a static token what the tenant has consented to now.
      const scopes = bearer.scopes ?? [...(tenant.state.adminConsent ?? [])];
      caller = { kind: 'user', tenantId: tenant.id, userId: bearer.userId, appId: SIM_APP_ID, scopes: new Set(scopes) };
    }
    if (!METHODS.includes(method)) throw new GraphHttpError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
    const segments = alternateKeys(decodeSegments(request.path));
    if (segments[0]?.toLowerCase() === 'me') {
      // graph-api.md §11: app-only tokens cannot use /me.
      if (caller.kind !== 'user') throw new GraphHttpError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
      segments.splice(0, 1, 'users', caller.userId);
    }
    const { route, params } = sim.router.match(method, request.version, segments);
    // Graph authorizes the request against the token's scopes (403), then checks the query shape.
    if (route.refuses) throw route.refuses();
    if (caller.kind === 'user') delegatedAccess(method, request.path, caller.scopes);
    const unsupported = advancedQueryViolation({ method, path: request.path, query: request.query, headers: request.headers });
    if (unsupported) throw badRequest(unsupported, 'Request_UnsupportedQuery');
    const decision = sim.throttler.evaluate({ tenantId: tenant.id, appId: caller.appId, sizeClass: sizeClassOf(tenant.state.userCount) }, requestCost(method, segments, request.query), Date.now());
    if (!decision.allowed) {
      return fail(new GraphHttpError(429, 'TooManyRequests', 'Please retry again later.', decision.headers, '429'));
    }
    // Conditional Access: 1 request per second per tenant, across all apps, and no Retry-After.
    if (isConditionalAccess(segments) && !sim.conditionalAccessLimit.allow(tenant.id, Date.now())) {
      return fail(new GraphHttpError(429, 'TooManyRequests', 'Too many requests. Please retry again later.', {}, '429'));
    }
    // graph-api.md §8.2: "429 can also happen below the limits under heavy load".
    if ((sim.faults.rate429 ?? 0) > 0 && sim.random() < (sim.faults.rate429 ?? 0)) {
      const retryAfter = Math.max(0.001, sim.timeScale).toFixed(3);
      return fail(new GraphHttpError(429, 'TooManyRequests', 'Please retry again later.', { 'Retry-After': retryAfter }, '429'));
    }
    const ctx: RequestContext = {
      version: request.version,
      method,
      segments,
      params,
      query: request.query,
      headers: request.headers,
      body: request.body,
      tenant,
      caller,
      baseUrl: sim.baseUrl,
      rawPath: request.path,
    };
    const response = route.handle(ctx);
    return finish({ ...response, headers: { ...decision.headers, ...response.headers } });
  } catch (error) {
    if (error instanceof GraphHttpError) return fail(error);
    return fail(new GraphHttpError(500, 'generalException', `Simulator failure: ${error instanceof Error ? error.message : String(error)}`));
  }
}

/** `/identity/conditionalAccess/...`: the requests the Conditional Access limit counts. */
function isConditionalAccess(segments: readonly string[]): boolean {
  return segments[0]?.toLowerCase() === 'identity' && segments[1]?.toLowerCase() === 'conditionalaccess';
}

/**
 * Graph's alternate key `directoryRoles(roleTemplateId='…')`
 * (https://learn.microsoft.com/graph/api/directoryrole-get) becomes two segments the router knows.
 */
function alternateKeys(segments: string[]): string[] {
  const key = /^directoryRoles\(roleTemplateId='([^']*)'\)$/i.exec(segments[0] ?? '');
  return key ? ['directoryRoles(roleTemplateId)', key[1], ...segments.slice(1)] : segments;
}

function decodeSegments(path: string): string[] {
  try {
    return path
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
  } catch {
    throw badRequest('Invalid request path.');
  }
}
