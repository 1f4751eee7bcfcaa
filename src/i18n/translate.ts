import { Catalog } from './catalog';
import { FORMAT_TAG, Locale } from './locale';

export type MessageParams = Record<string, string | number | undefined>;

/** Looking texts up in one set of catalogs (the procedure's: src/steps/texts.ts binds them). */
export interface Translator {
  /**
   * Looks up `key` (dot path) in the locale's catalog, falling back to English, and fills `{name}`
   * placeholders. Numbers are formatted for the locale. A missing key returns the key itself so a
   * gap shows up in a card instead of crashing a turn (a unit test keeps the catalogs complete).
   */
  readonly t: (locale: Locale, key: string, params?: MessageParams) => string;
  readonly hasKey: (locale: Locale, key: string) => boolean;
  /** Every leaf key of a catalog, for completeness tests. */
  readonly catalogKeys: (locale: Locale) => string[];
}

/**
 * i18n knows how to look texts up, not which texts there are: the catalogs come from the layer that
 * has them all (the shared catalog and each step's own texts), so nothing here imports a step.
 */
export function translator(catalogs: Record<Locale, Catalog>): Translator {
  return {
    t: (locale, key, params = {}) => {
      const template = lookup(catalogs[locale], key) ?? lookup(catalogs.en, key) ?? key;
      return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
        const value = params[name];
        if (value === undefined) return whole;
        return typeof value === 'number' ? value.toLocaleString(FORMAT_TAG[locale]) : value;
      });
    },
    hasKey: (locale, key) => lookup(catalogs[locale], key) !== undefined,
    catalogKeys: (locale) => {
      const keys: string[] = [];
      const walk = (node: Catalog, prefix: string) => {
        for (const [k, v] of Object.entries(node)) {
          if (typeof v === 'string') keys.push(prefix + k);
          else walk(v, `${prefix}${k}.`);
        }
      };
      walk(catalogs[locale], '');
      return keys;
    },
  };
}

function lookup(catalog: Catalog, key: string): string | undefined {
  let node: string | Catalog | undefined = catalog;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}
