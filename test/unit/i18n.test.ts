import { resolveLocale } from '../../src/i18n/locale';
import { catalogKeys, t } from '../../src/i18n/translate';

describe('i18n', () => {
  it('resolves Teams locales to a catalog, falling back to English', () => {
    expect(resolveLocale('it-IT')).toBe('it');
    expect(resolveLocale('fr-CA')).toBe('fr');
    expect(resolveLocale('en-us')).toBe('en');
    expect(resolveLocale('de-DE')).toBe('en');
    expect(resolveLocale(undefined)).toBe('en');
    expect(resolveLocale('')).toBe('en');
  });

  it('has the same keys in every language', () => {
    const english = catalogKeys('en').sort();
    expect(catalogKeys('it').sort()).toEqual(english);
    expect(catalogKeys('fr').sort()).toEqual(english);
  });

  it('uses the same placeholders in every language', () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of catalogKeys('en')) {
      expect([key, placeholders(t('it', key))]).toEqual([key, placeholders(t('en', key))]);
      expect([key, placeholders(t('fr', key))]).toEqual([key, placeholders(t('en', key))]);
    }
  });

  it('fills placeholders and formats numbers for the locale', () => {
    expect(t('en', 'error.unknownCommand', { text: 'hello' })).toContain('"hello"');
    expect(t('fr', 'overview.title', { organization: 'Contoso' })).toBe('Fermer le compte Microsoft 365 de Contoso');
  });

  it('returns the key for a missing entry instead of throwing', () => {
    expect(t('it', 'no.such.key')).toBe('no.such.key');
  });
});
