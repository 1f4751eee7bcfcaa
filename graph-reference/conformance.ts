import { advancedQueryViolation } from './advanced-query';
import { BETA_REQUESTS } from './beta-requests';
import { betaModel } from './beta-types';
import { csdlModel, GraphCloud, resolvePath } from './csdl';
import { grantAllows } from './permissions';
import { queryOptionProblems } from './query-options';
import { requestBodyProblems } from './request-body';
import { requestTemplate, templateMatches } from './request-path';

/** One Graph request as the bot sent it (a `$batch` sub-request is one of its own). */
export interface GraphRequestRecord {
  method: string;
  /** Path from the version on, with the query: `/v1.0/users/$count?$filter=…`. */
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  /** Set on a sub-request: the envelope it came in. */
  inBatch?: string;
}

/** The rule a request broke. */
export type ConformanceRule = 'version' | 'path' | 'query-options' | 'body' | 'advanced-query' | 'permission' | 'beta-unlisted';

export interface Violation {
  rule: ConformanceRule;
  request: string;
  message: string;
}

export interface ConformanceTarget {
  cloud: GraphCloud;
  /** The delegated scopes the app registration declares. */
  granted: ReadonlySet<string>;
}

/** `METHOD /version/path?query`, with a `$batch` sub-request marked. */
export function describeRequest(r: GraphRequestRecord): string {
  return `${r.method.toUpperCase()} ${r.url}${r.inBatch ? ' (in $batch)' : ''}`;
}

interface BatchBody {
  requests?: Array<{ id?: string; method?: string; url?: string; headers?: Record<string, string>; body?: unknown }>;
}

/**
 * Every request of a recording, with each `$batch` sub-request as a request of its own (its url is
 * relative to the envelope's version; its headers are only its own, as Graph reads them).
 */
export function withBatchItems(recorded: readonly GraphRequestRecord[]): GraphRequestRecord[] {
  const out: GraphRequestRecord[] = [];
  for (const r of recorded) {
    out.push(r);
    const version = /^\/(v1\.0|beta)\/\$batch(\?|$)/.exec(r.url)?.[1];
    if (!version || r.method.toUpperCase() !== 'POST') continue;
    const body = (typeof r.body === 'string' ? safeJson(r.body) : r.body) as BatchBody | undefined;
    for (const item of body?.requests ?? []) {
      const url = String(item.url ?? '');
      out.push({
        method: String(item.method ?? 'GET'),
        url: `/${version}${url.startsWith('/') ? '' : '/'}${url}`,
        headers: item.headers ?? {},
        body: item.body,
        inBatch: r.url,
      });
    }
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * What Microsoft's published contract says is wrong with one request, by rule:
 * - `path`: every segment, cast and bound operation exists in the target cloud's v1.0 metadata
 *   (beta: in the beta type lists);
 * - `query-options`: `$select`, `$filter`, `$orderby`, `$expand` name what the resulting type has;
 * - `body`: a write's JSON body names properties of the target (an action's body, its parameters);
 * - `advanced-query`: Microsoft's advanced-query rules (graph-reference/advanced-query.ts);
 * - `permission`: a declared delegated scope allows it, per Microsoft's permission data or the cited
 *   table; a request neither lists is a violation too;
 * - `beta-unlisted`: a beta request that the project's beta table does not list and justify.
 */
export function conformanceViolations(request: GraphRequestRecord, target: ConformanceTarget): Violation[] {
  const violations: Violation[] = [];
  const name = describeRequest(request);
  const add = (rule: ConformanceRule, message: string) => violations.push({ rule, request: name, message });
  const version = /^\/(v1\.0|beta)(\/|$)/.exec(request.url)?.[1];
  if (!version) {
    add('version', 'the request names no Graph version (/v1.0 or /beta)');
    return violations;
  }
  const method = request.method.toUpperCase();

  if (version === 'beta') {
    const segments = requestTemplate(request.url);
    const listed = BETA_REQUESTS.some((b) => b.method === method && templateMatches(b.template.toLowerCase().split('/').filter(Boolean), segments));
    if (!listed) add('beta-unlisted', 'a beta request that the beta table (graph-reference/beta-requests.ts, README) does not list and justify');
  }

  const model = version === 'beta' ? betaModel() : csdlModel(target.cloud);
  const where = version === 'beta' ? 'the beta type lists' : `the ${target.cloud} cloud's v1.0 metadata`;
  const resolution = resolvePath(model, request.url);
  if (!resolution.ok) {
    add('path', `segment "${resolution.segment}" does not exist in ${where}: ${resolution.reason}`);
  } else {
    const result = resolution.result;
    if (result.kind === '$batch' && method !== 'POST') add('path', '$batch takes POST only');
    if ((result.kind === '$count' || result.kind === 'function') && method !== 'GET') add('path', `${result.kind === '$count' ? '$count' : 'a function'} takes GET only`);
    if (result.kind === 'action' && method !== 'POST') add('path', 'an action takes POST only');
    const type = result.kind === 'action' || result.kind === 'function' ? result.type : { name: result.type.name, collection: result.type.collection };
    if (result.kind !== '$batch') {
      for (const problem of queryOptionProblems(model, type, request.url)) add('query-options', `${problem} (${where})`);
      for (const problem of requestBodyProblems(model, method, result, result.operation, request.body)) add('body', `${problem} (${where})`);
    }
  }

  const advanced = advancedQueryViolation({ method, path: request.url, headers: request.headers });
  if (advanced) add('advanced-query', advanced);

  const allowed = grantAllows(method, request.url, 'DelegatedWork', target.granted);
  if (allowed === 'unknown') add('permission', "neither Microsoft's permission data nor the cited table (graph-reference/documented-permissions.ts) lists this request");
  if (allowed === 'denied') add('permission', 'no declared delegated scope allows it (aad.manifest.json)');
  return violations;
}
