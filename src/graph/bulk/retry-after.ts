/**
 * Milliseconds to wait from a `Retry-After` header: seconds (Graph sends decimals, e.g. `2.128`) or an
 * HTTP-date (graph-api.md §8.3/§8.4). Undefined when absent or unreadable, so the caller backs off.
 */
export function retryAfterMs(headers: Record<string, string> | Headers | undefined, now: number): number | undefined {
  const value = header(headers, 'retry-after');
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** `x-ms-throttle-limit-percentage`: sent only above 0.8 of a limit; 1.0 = throttling starts (§8.2). */
export function throttleLimitPercentage(headers: Record<string, string> | Headers | undefined): number | undefined {
  const value = Number(header(headers, 'x-ms-throttle-limit-percentage'));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * True when a 429's `x-ms-throttle-scope` (`<Tenant_Application|Tenant|Application>/<Read|Write|ReadWrite>/<appId>/<tenantId>`,
 * graph-api.md §8.2) names the application's quota over all tenants, which every tenant's job shares.
 */
export function isApplicationScope(headers: Record<string, string> | Headers | undefined): boolean {
  return header(headers, 'x-ms-throttle-scope')?.trim().startsWith('Application/') ?? false;
}

export function header(headers: Record<string, string> | Headers | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const entry = Object.entries(headers as Record<string, string>).find(([k]) => k.toLowerCase() === name);
  return entry?.[1];
}
