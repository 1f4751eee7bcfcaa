/**
 * Microsoft's advanced-query rules for directory objects, from
 * https://learn.microsoft.com/graph/aad-advanced-queries ("these advanced query capabilities aren't
 * available by default but, the requestor must set the ConsistencyLevel header to eventual and,
 * except for $search, use the $count query parameter") and the list pages of the relations
 * (https://learn.microsoft.com/graph/api/user-list-memberof and user-list-transitivememberof:
 * "ConsistencyLevel: eventual. This header and $count are required when using the $search,
 * $filter, $orderby, or OData cast query parameters"). Graph answers a request that breaks them
 * with 400 `Request_UnsupportedQuery`.
 *
 * One reader for the simulator and the conformance test, so both hold the bot to the same rules.
 */

export const ADVANCED_QUERIES_PAGE = 'https://learn.microsoft.com/graph/aad-advanced-queries';
const MEMBER_OF_PAGE = 'https://learn.microsoft.com/graph/api/user-list-transitivememberof';

export interface QueryRequest {
  method: string;
  /** The request path, with or without the version and the query string (`/v1.0/users/$count?…`). */
  path: string;
  /** The query options (when `path` carries them too, both are read). */
  query?: URLSearchParams | Record<string, string> | string;
  /** Request headers, any case. */
  headers?: Record<string, string | undefined>;
}

/**
 * Directory objects and their relations: the only resources advanced queries apply to (the docs
 * page's table: users, groups, applications, service principals, devices, administrative units,
 * organizational contacts, directory roles and role definitions' directory objects, deleted items).
 */
const DIRECTORY_ROOTS = new Set(['users', 'me', 'groups', 'applications', 'serviceprincipals', 'devices', 'directoryobjects', 'administrativeunits', 'contacts', 'directoryroles', 'directory']);

/** Relations whose list accepts a cast, `$filter`, `$orderby` or `$search` only as an advanced query. */
const MEMBERSHIP_RELATIONS = new Set(['memberof', 'transitivememberof']);

/**
 * The first advanced-query rule the request breaks, as a sentence naming the rule and the page it
 * comes from; undefined when it breaks none (or is not a directory-object read).
 */
export function advancedQueryViolation(request: QueryRequest): string | undefined {
  if (request.method.toUpperCase() !== 'GET') return undefined;
  const { segments, query } = splitRequest(request);
  if (segments.length === 0 || !DIRECTORY_ROOTS.has(segments[0])) return undefined;
  const eventual = header(request.headers, 'consistencylevel')?.trim().toLowerCase() === 'eventual';
  const countSegment = segments[segments.length - 1] === '$count';
  // The `$count` segment is itself the count: `GET /users/$count?$filter=endsWith(…)` with the header is an advanced query.
  const countTrue = countSegment || (query.get('$count') ?? '').trim().toLowerCase() === 'true';
  const needsBoth = (what: string, page = ADVANCED_QUERIES_PAGE): string | undefined =>
    eventual && countTrue ? undefined : `advanced query: ${what} needs the ConsistencyLevel: eventual header and $count=true (${page})`;

  if (countSegment && !eventual) {
    return `advanced query: the $count segment needs the ConsistencyLevel: eventual header (${ADVANCED_QUERIES_PAGE})`;
  }
  if (countTrue && !countSegment && !eventual) {
    return `advanced query: $count=true needs the ConsistencyLevel: eventual header (${ADVANCED_QUERIES_PAGE})`;
  }
  if (query.has('$search') && !eventual) {
    return `advanced query: $search needs the ConsistencyLevel: eventual header (${ADVANCED_QUERIES_PAGE})`;
  }
  const relation = membershipRelation(segments);
  if (relation) {
    const cast = segments[relation.index + 1];
    if (cast !== undefined && isCast(cast)) {
      const problem = needsBoth(`an OData cast on ${relation.name} (${cast})`, MEMBER_OF_PAGE);
      if (problem) return problem;
    }
    for (const option of ['$filter', '$orderby']) {
      if (query.has(option)) {
        const problem = needsBoth(`${option} on ${relation.name}`, MEMBER_OF_PAGE);
        if (problem) return problem;
      }
    }
  }
  const filter = query.get('$filter');
  if (filter) {
    const operator = advancedOperator(filter);
    if (operator) return needsBoth(`$filter with ${operator}`);
  }
  return undefined;
}

/** `ne`, `not` or `endsWith` in a `$filter` (string literals ignored), or undefined. */
export function advancedOperator(filter: string): string | undefined {
  const code = filter.replace(/'(?:[^']|'')*'/g, "''");
  if (/\bendswith\s*\(/i.test(code)) return "'endsWith'";
  if (/\bne\b/i.test(code)) return "'ne'";
  if (/\bnot\b/i.test(code)) return "'not'";
  return undefined;
}

function membershipRelation(segments: readonly string[]): { name: string; index: number } | undefined {
  for (let i = 1; i < segments.length; i++) {
    if (MEMBERSHIP_RELATIONS.has(segments[i])) return { name: segments[i] === 'memberof' ? 'memberOf' : 'transitiveMemberOf', index: i };
  }
  return undefined;
}

function isCast(segment: string): boolean {
  return /^microsoft\.graph\.[a-z0-9_]+$/i.test(segment);
}

function splitRequest(request: QueryRequest): { segments: string[]; query: URLSearchParams } {
  const withoutOrigin = request.path.replace(/^https?:\/\/[^/]+/i, '');
  const [pathPart, queryPart = ''] = withoutOrigin.split(/\?(.*)/s);
  const query = new URLSearchParams(queryPart);
  const extra = request.query;
  if (extra !== undefined) {
    const more = typeof extra === 'string' ? new URLSearchParams(extra.replace(/^\?/, '')) : extra instanceof URLSearchParams ? extra : new URLSearchParams(extra);
    for (const [key, value] of more) if (!query.has(key)) query.set(key, value);
  }
  // Option names are case-insensitive in Graph ($orderBy, $Filter); keep one lower-case spelling.
  const normalised = new URLSearchParams();
  for (const [key, value] of query) normalised.set(key.startsWith('$') ? key.toLowerCase() : key, value);
  const segments = pathPart
    .split('/')
    .filter(Boolean)
    .map((s) => safeDecode(s).toLowerCase());
  if (segments[0] === 'v1.0' || segments[0] === 'beta') segments.shift();
  return { segments, query: normalised };
}

function header(headers: QueryRequest['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name && value !== undefined) return value;
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
