import type { HttpMethod } from '../support/http-method';

export interface RequestCost {
  resourceUnits: number;
  isWrite: boolean;
}

/**
 * Base costs and modifiers of graph-api.md §8.2: GET users 2, subscribedSkus 3, applications 2,
 * memberOf / transitiveMemberOf / licenseDetails 2 (same for `me/…` and `users/{id}/…`), any other
 * GET 1; every POST/PATCH/PUT/DELETE 1 RU and 1 write. `$select` −1, `$expand` +1, `$top` < 20 −1,
 * never below 1. (The special budget of application writes is not modelled.)
 */
export function requestCost(method: HttpMethod, segments: readonly string[], query: URLSearchParams): RequestCost {
  if (method !== 'GET') return { resourceUnits: 1, isWrite: true };
  let cost = baseReadCost(segments);
  if (query.has('$select')) cost -= 1;
  if (query.has('$expand')) cost += 1;
  const top = Number(query.get('$top'));
  if (query.has('$top') && top < 20) cost -= 1;
  return { resourceUnits: Math.max(1, cost), isWrite: false };
}

function baseReadCost(segments: readonly string[]): number {
  const [first, , third] = segments;
  if (segments.length === 1 && (first === 'users' || first === 'applications')) return 2;
  if (segments.length === 1 && first === 'subscribedSkus') return 3;
  if (first === 'users' && (third === 'memberOf' || third === 'transitiveMemberOf' || third === 'licenseDetails')) return 2;
  return 1;
}
