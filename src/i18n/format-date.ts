import { FORMAT_TAG, Locale } from './locale';

/** A date as the cards show it: medium date, short time, in UTC (the admin's time zone is not known). */
export function formatDate(locale: Locale, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toLocaleString(FORMAT_TAG[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
}
