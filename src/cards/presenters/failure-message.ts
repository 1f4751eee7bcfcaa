import type { GraphErrorInfo } from '../../core';
import { Locale } from '../../i18n/locale';
import { MessageParams, t } from '../../steps/texts';

export type FailureLike = Pick<GraphErrorInfo, 'code' | 'message' | 'kind' | 'request' | 'permission'>;

/**
 * What the admin reads about a failed Graph request: what is wrong and what they can do. Only a
 * transient failure (already retried) says "try again in a few minutes"; a refused permission
 * names it (or the permissions that would allow the request), a request Graph refuses says why.
 * `transientKey` is the wording for a transient failure where this is shown (a turn or a step card).
 */
export function failureMessage(locale: Locale, error: FailureLike, transientKey: string): { key: string; params: MessageParams } {
  const request = error.request ?? t(locale, 'error.failure.theRequest');
  const code = error.code;
  switch (error.kind) {
    case 'consent':
      return { key: 'error.consentRequired', params: {} };
    case 'signIn':
      return { key: 'error.signInRequired', params: {} };
    case 'permission': {
      const p = error.permission;
      const list = (names: string[]) => names.join(', ');
      // No declared permission allows it: consent cannot help, the registration must change.
      if (p && p.allowedBy.length > 0 && p.declaredAllowing.length === 0 && p.verdict !== 'roleMissing') return { key: 'error.failure.scopesUndeclared', params: { request, code, allowedBy: list(p.allowedBy) } };
      if (p?.verdict === 'scopeMissing') return { key: 'error.failure.scopeMissing', params: { request, permission: p.name ?? '' } };
      if (p?.verdict === 'roleMissing') return { key: 'error.failure.roleMissing', params: { request, permission: p.name ?? '' } };
      if (p?.verdict === 'scopesUnknown' && p.allowedBy.length > 0) {
        return { key: 'error.failure.scopesUnknown', params: { request, code, allowedBy: list(p.allowedBy), declared: list(p.declaredAllowing) } };
      }
      return { key: 'error.failure.denied', params: { request, code } };
    }
    case 'notFound':
      return { key: 'error.failure.notFound', params: { request, code } };
    case 'refused':
      return { key: 'error.failure.refused', params: { request, code, reason: reasonOf(error.message) } };
    default:
      return { key: transientKey, params: { code } };
  }
}

/** Whether the fix is admin consent (decided in the core): the card then carries the consent page. */
export { consentHelps } from '../../core';

/** Graph's own reason (not localized by Graph), one sentence, bounded. */
function reasonOf(message: string): string {
  const text = message.replace(/\s+/g, ' ').trim().slice(0, 200);
  return text ? (/[.!?]$/.test(text) ? text : `${text}.`) : '';
}
