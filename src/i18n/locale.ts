export const LOCALES = ['en', 'it', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

/** Maps a Teams client locale (`it-IT`, `fr-CA`, `en-us`…) to a catalog, falling back to English. */
export function resolveLocale(tag: string | undefined | null): Locale {
  const language = String(tag ?? '')
    .trim()
    .toLowerCase()
    .split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(language) ? (language as Locale) : 'en';
}

/** The BCP-47 tag used for number and date formatting in a locale's texts. */
export const FORMAT_TAG: Record<Locale, string> = { en: 'en-US', it: 'it-IT', fr: 'fr-FR' };
