import { Locale } from './locale';
import { t } from './translate';

/** "Label: value" as each language punctuates it (French puts a space before the colon). */
export function listItem(locale: Locale, label: string, value: string): string {
  return t(locale, 'closure.list.item', { label, value });
}
