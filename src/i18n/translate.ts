import { Catalog, CATALOGS } from './catalogs';
import { FORMAT_TAG, Locale } from './locale';

export type MessageParams = Record<string, string | number | undefined>;

/**
 * Looks up `key` (dot path) in the locale's catalog, falling back to English, and fills `{name}`
 * placeholders. Numbers are formatted for the locale. A missing key returns the key itself so a
 * gap shows up in a card instead of crashing a turn (a unit test keeps the catalogs complete).
 */
export function t(locale: Locale, key: string, params: MessageParams = {}): string {
  const template = lookup(CATALOGS[locale], key) ?? lookup(CATALOGS.en, key) ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? value.toLocaleString(FORMAT_TAG[locale]) : value;
  });
}

export function hasKey(locale: Locale, key: string): boolean {
  return lookup(CATALOGS[locale], key) !== undefined;
}

/** Every leaf key of a catalog, for completeness tests. */
export function catalogKeys(locale: Locale): string[] {
  const keys: string[] = [];
  const walk = (node: Catalog, prefix: string) => {
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'string') keys.push(prefix + k);
      else walk(v, `${prefix}${k}.`);
    }
  };
  walk(CATALOGS[locale], '');
  return keys;
}

function lookup(catalog: Catalog, key: string): string | undefined {
  let node: string | Catalog | undefined = catalog;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}
