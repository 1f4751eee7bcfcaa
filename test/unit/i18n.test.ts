import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveLocale } from '../../src/i18n/locale';
import { catalogKeys, t } from '../../src/steps/texts';

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

describe('every catalog entry is used', () => {
  // A key no code asks for is a text no admin reads: it drifts from the cards (the Conditional Access
  // state words and an "on/off" pair that disagreed with its label lingered that way). A key counts as
  // used when the source names it, or builds it from a literal prefix (`closure.fact.${key}`).
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));
  const literals = new Set<string>();
  const prefixes = new Set<string>();
  for (const file of sources(join(__dirname, '..', '..', 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/'([a-zA-Z][\w.]*)'|"([a-zA-Z][\w.]*)"/g)) literals.add(match[1] ?? match[2]);
    for (const match of text.matchAll(/`([a-zA-Z][\w.]*?\.)\$\{/g)) prefixes.add(match[1]);
  }

  it('no key of the catalogs is left unused by the code', () => {
    const unused = catalogKeys('en').filter((key) => !literals.has(key) && ![...prefixes].some((prefix) => key.startsWith(prefix)));
    expect(unused).toEqual([]);
  });
});
