import type { GraphErrorInfo } from './closure.events';

/**
 * Whether the fix for a failed request is admin consent: the card then carries the consent page.
 * A decision on the error alone, so the application layer and the presenters ask the same question.
 */
export function consentHelps(error: Pick<GraphErrorInfo, 'kind' | 'permission'>): boolean {
  if (error.kind === 'consent') return true;
  const p = error.permission;
  return error.kind === 'permission' && (p?.verdict === 'scopeMissing' || p?.verdict === 'scopesUnknown') && p.declaredAllowing.length > 0;
}
