import { IDENTITY_LIMITS, SizeClass } from './limits';
import { RequestCost } from './request-cost';
import { TokenBucket } from './token-bucket';

export interface ThrottleSubject {
  tenantId: string;
  appId: string;
  sizeClass: SizeClass;
}

export type ThrottleDecision = { allowed: true; headers: Record<string, string> } | { allowed: false; headers: Record<string, string>; retryAfterSeconds: number };

interface Scope {
  key: string;
  quota: number;
  windowMs: number;
  /** graph-api.md §8.2 `x-ms-throttle-scope` first part. */
  kind: 'Tenant_Application' | 'Tenant' | 'Application';
  resource: 'ReadWrite' | 'Write';
  information: 'ResourceUnitLimitExceeded' | 'WriteLimitExceeded';
  amount: number;
}

/**
 * The identity service's throttling, graph-api.md §8.2–8.3: every request is charged its RU cost
 * against the app+tenant and application buckets, and writes also one unit against the app+tenant,
 * tenant and application write quotas. If any bucket lacks the amount the answer is 429 with
 * `Retry-After` (the wait until every bucket could pay again), `x-ms-throttle-scope` and
 * `x-ms-throttle-information`; the request is charged anyway. Successful answers carry
 * `x-ms-resource-unit`, and `x-ms-throttle-limit-percentage` once usage passes 0.8.
 */
export class Throttler {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly timeScale: number,
    private readonly quotaScale: number,
    public enabled: boolean,
  ) {}

  evaluate(subject: ThrottleSubject, cost: RequestCost, now: number): ThrottleDecision {
    const headers: Record<string, string> = { 'x-ms-resource-unit': String(cost.resourceUnits) };
    if (!this.enabled) return { allowed: true, headers };
    const scopes = this.scopesFor(subject, cost);
    const pairs = scopes.map((scope) => ({ scope, bucket: this.bucket(scope, now) }));
    const blocked = pairs.filter(({ scope, bucket }) => !bucket.has(scope.amount));
    for (const { scope, bucket } of pairs) bucket.charge(scope.amount);
    const usage = Math.max(...pairs.map(({ bucket }) => bucket.usage()));
    if (usage > 0.8) headers['x-ms-throttle-limit-percentage'] = usage.toFixed(2);
    if (blocked.length === 0) return { allowed: true, headers };
    const worst = blocked.reduce((a, b) => (b.bucket.waitMs(b.scope.amount) > a.bucket.waitMs(a.scope.amount) ? b : a));
    const retryAfterSeconds = Math.max(0.001, worst.bucket.waitMs(worst.scope.amount) / 1000);
    headers['Retry-After'] = retryAfterSeconds.toFixed(3);
    headers['x-ms-throttle-scope'] = `${worst.scope.kind}/${worst.scope.resource}/${subject.appId}/${subject.tenantId}`;
    headers['x-ms-throttle-information'] = worst.scope.information;
    return { allowed: false, headers, retryAfterSeconds };
  }

  private scopesFor(subject: ThrottleSubject, cost: RequestCost): Scope[] {
    const { tenantId, appId } = subject;
    const L = IDENTITY_LIMITS;
    const ru = cost.resourceUnits;
    const scopes: Scope[] = [
      {
        key: `ru|${appId}|${tenantId}`,
        quota: L.resourceUnits[subject.sizeClass],
        windowMs: L.resourceUnits.windowMs,
        kind: 'Tenant_Application',
        resource: 'ReadWrite',
        information: 'ResourceUnitLimitExceeded',
        amount: ru,
      },
      { key: `ru|${appId}`, quota: L.applicationResourceUnits.quota, windowMs: L.applicationResourceUnits.windowMs, kind: 'Application', resource: 'ReadWrite', information: 'ResourceUnitLimitExceeded', amount: ru },
    ];
    if (cost.isWrite) {
      scopes.push(
        { key: `w|${appId}|${tenantId}`, quota: L.appTenantWrites.quota, windowMs: L.appTenantWrites.windowMs, kind: 'Tenant_Application', resource: 'Write', information: 'WriteLimitExceeded', amount: 1 },
        { key: `w|${tenantId}`, quota: L.tenantWrites.quota, windowMs: L.tenantWrites.windowMs, kind: 'Tenant', resource: 'Write', information: 'WriteLimitExceeded', amount: 1 },
        { key: `w|${appId}`, quota: L.applicationWrites.quota, windowMs: L.applicationWrites.windowMs, kind: 'Application', resource: 'Write', information: 'WriteLimitExceeded', amount: 1 },
      );
    }
    return scopes;
  }

  private bucket(scope: Scope, now: number): TokenBucket {
    let bucket = this.buckets.get(scope.key);
    if (!bucket) {
      bucket = new TokenBucket(Math.max(1, Math.round(scope.quota * this.quotaScale)), scope.windowMs * this.timeScale, now);
      this.buckets.set(scope.key, bucket);
    }
    bucket.refill(now);
    return bucket;
  }
}
