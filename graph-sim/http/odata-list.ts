import { badRequest } from './graph-error';
import { parseFilter, Row } from './odata-filter';
import { isEventual, RequestContext } from './request-context';
import { json, SimResponse, text } from './sim-response';

export interface CollectionShape {
  /** e.g. `users`, used in `@odata.context`. */
  contextName: string;
  /** Properties returned without `$select` (graph-api.md §3.1 lists the user defaults). */
  defaults: readonly string[];
  /** Every property `$select` may name. */
  known: readonly string[];
  /** graph-api.md §3.1: default page 100, max 999. */
  maxTop?: number;
}

/**
 * A collection answer with Graph's query options: `$top` (1..999, else 400), `$filter`, `$select`,
 * `$count=true` (needs ConsistencyLevel: eventual; `@odata.count` on the first page only), and
 * `@odata.nextLink` as a full absolute URL whose `$skiptoken` is an opaque cursor (graph-api.md §3.1).
 * Rows must be sorted by id: the cursor is "after id X", so deleting while paging skips nobody.
 */
export function listResponse(ctx: RequestContext, rows: readonly Row[], shape: CollectionShape): SimResponse {
  refuseUnsupported(ctx);
  const maxTop = shape.maxTop ?? 999;
  const topText = ctx.query.get('$top');
  const top = topText === null ? 100 : Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > maxTop) {
    throw badRequest(`Invalid page size specified: '${topText}'. Must be between 1 and ${maxTop} inclusive.`);
  }
  const wantsCount = (ctx.query.get('$count') ?? '').toLowerCase() === 'true';
  if (wantsCount && !isEventual(ctx)) throw badRequest('$count is not currently supported.');
  const filtered = applyFilter(ctx, rows);
  const after = decodeSkipToken(ctx.query.get('$skiptoken'));
  const start = after === undefined ? 0 : firstAfter(filtered, after);
  const page = filtered.slice(start, start + top);
  const fields = selectedFields(ctx, shape);
  const body: Record<string, unknown> = { '@odata.context': `${ctx.baseUrl}/${ctx.version}/$metadata#${shape.contextName}` };
  if (wantsCount && after === undefined) body['@odata.count'] = filtered.length;
  body.value = page.map((row) => project(row, fields));
  if (start + top < filtered.length) body['@odata.nextLink'] = nextLink(ctx, top, String(page[page.length - 1].id));
  return json(body);
}

/** `GET .../$count` answers text/plain and needs ConsistencyLevel: eventual (graph-api.md §3.1). */
export function countResponse(ctx: RequestContext, rows: readonly Row[]): SimResponse {
  if (!isEventual(ctx)) throw badRequest('Count is not currently supported. Use the ConsistencyLevel: eventual header.');
  return text(String(applyFilter(ctx, rows, true).length));
}

/** One object with `$select` applied. */
export function itemResponse(ctx: RequestContext, row: Row, shape: CollectionShape, entity = true): SimResponse {
  const fields = selectedFields(ctx, shape);
  const suffix = entity ? '/$entity' : '';
  return json({ '@odata.context': `${ctx.baseUrl}/${ctx.version}/$metadata#${shape.contextName}${suffix}`, ...project(row, fields) });
}

function refuseUnsupported(ctx: RequestContext): void {
  // graph-api.md §3.1: `$skip` is not supported on directory collections.
  if (ctx.query.has('$skip')) throw badRequest("'$skip' is not supported by the service.");
  if (ctx.query.has('$orderby') || ctx.query.has('$orderBy')) throw badRequest('Sorting is not supported by the simulator.', 'Request_UnsupportedQuery');
  if (ctx.query.has('$search')) throw badRequest('$search is not supported by the simulator.', 'Request_UnsupportedQuery');
}

function applyFilter(ctx: RequestContext, rows: readonly Row[], countSegment = false): readonly Row[] {
  const expression = ctx.query.get('$filter');
  if (!expression) return rows;
  const advanced = isEventual(ctx) && (countSegment || (ctx.query.get('$count') ?? '').toLowerCase() === 'true');
  const { predicate } = parseFilter(expression, advanced);
  return rows.filter(predicate);
}

function selectedFields(ctx: RequestContext, shape: CollectionShape): readonly string[] {
  const select = ctx.query.get('$select');
  if (!select) return shape.defaults;
  const fields = select
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  for (const field of fields) {
    if (!shape.known.includes(field)) throw badRequest(`Could not find a property named '${field}' on type '${shape.contextName}'.`);
  }
  return fields;
}

function project(row: Row, fields: readonly string[]): Row {
  const out: Row = {};
  if (row['@odata.type'] !== undefined) out['@odata.type'] = row['@odata.type'];
  for (const field of fields) out[field] = row[field] ?? null;
  return out;
}

function firstAfter(rows: readonly Row[], afterId: string): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (String(rows[mid].id) <= afterId) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function nextLink(ctx: RequestContext, top: number, lastId: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of ctx.query) {
    // `$count=true` stays: a later page of an advanced query is still one (its count is on the first page only).
    if (key !== '$skiptoken') params.set(key, value);
  }
  params.set('$top', String(top));
  params.set('$skiptoken', Buffer.from(JSON.stringify({ after: lastId })).toString('base64url'));
  return `${ctx.baseUrl}/${ctx.version}${ctx.rawPath}?${params.toString().replace(/%24/g, '$')}`;
}

function decodeSkipToken(token: string | null): string | undefined {
  if (token === null) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('The specified page token value has expired or is invalid.', 'Directory_ExpiredPageToken');
}
