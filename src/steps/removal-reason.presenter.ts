import { RemovalFailure } from '../core';
import { Locale } from '../i18n/locale';
import { t } from './texts';

/** Graph's answer in words: what kind of refusal it is, then Graph's own message and code. */
export function reason(locale: Locale, failure: RemovalFailure): string {
  const kind =
    failure.status === 403 || failure.status === 401 ? 'forbidden' : failure.status === 429 || failure.status >= 500 ? 'busy' : failure.status === 409 ? 'conflict' : failure.status === 400 ? 'invalid' : 'other';
  const words = t(locale, `closure.removal.reason.${kind}`, { status: failure.status });
  return failure.message ? `${words} (${failure.code}: ${failure.message})` : `${words} (${failure.code})`;
}
