import { ConsentReply } from '../../closure/replies';
import { Locale } from '../../i18n/locale';
import { hasKey, t } from '../../steps/texts';
import { AdaptiveCardJson, renderCard } from '../render-card';

/**
 * The app lacks admin consent in the admin's tenant, or the tenant has not granted some declared
 * scopes: which permissions are missing and what each is for, the tenant's admin-consent page and
 * "Check again". A permanent condition: never "try again in a few minutes".
 */
export function consentCard(locale: Locale, reply: ConsentReply): AdaptiveCardJson {
  const whole = reply.missing.length === 0;
  return renderCard('consent', {
    title: t(locale, 'consent.title'),
    text: t(locale, whole ? 'consent.text' : 'consent.textMissing'),
    // With no consent at all, every declared permission is listed: say what the list is (the partial text ends with "Missing:").
    ...(whole && reply.declared.length > 0 ? { permissionsTitle: t(locale, 'consent.permissionsTitle') } : {}),
    permissions: (whole ? reply.declared : reply.missing).map((name) => ({ name, reason: scopeReason(locale, name) })),
    ...(reply.url ? { link: { title: t(locale, 'error.grantConsent'), url: reply.url } } : {}),
    checkAgain: t(locale, 'consent.checkAgain'),
  });
}

/** `User.Read.All` → `consent.scope.UserReadAll`: what the bot uses the permission for. */
export function scopeReason(locale: Locale, scope: string): string {
  const key = `consent.scope.${scope.replace(/[^A-Za-z0-9]/g, '')}`;
  return hasKey('en', key) ? t(locale, key) : t(locale, 'consent.scope.other');
}
