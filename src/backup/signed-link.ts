import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived download links for backups. A link is made only inside a turn whose sender was just
 * verified as a Global Administrator of the tenant, names that tenant and backup, and expires;
 * the signature makes any change to it (another tenant, a later expiry) useless.
 */
export class SignedLinks {
  constructor(
    private readonly key: Buffer,
    private readonly baseUrl: string,
  ) {}

  make(tenantId: string, backupId: string, format: 'json' | 'csv', expiresAtMs: number): string {
    const path = `/backups/${tenantId}/${backupId}.${format}`;
    const exp = String(Math.floor(expiresAtMs / 1000));
    return `${this.baseUrl}${path}?exp=${exp}&sig=${this.sign(path, exp)}`;
  }

  /** True when `sig` was made by `make` for this exact path and `exp`, and `exp` has not passed. */
  verify(path: string, exp: string | undefined, sig: string | undefined, nowMs: number): boolean {
    if (!exp || !sig || !/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return false;
    if (Number(exp) * 1000 < nowMs) return false;
    const expected = Buffer.from(this.sign(path, exp));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private sign(path: string, exp: string): string {
    return createHmac('sha256', this.key).update(`${path}\n${exp}`).digest('base64url');
  }
}
