import en from '../i18n/catalogs/en.json';
import it from '../i18n/catalogs/it.json';
import fr from '../i18n/catalogs/fr.json';
import { Catalog, mergeCatalogs } from '../i18n/catalog';
import { Locale } from '../i18n/locale';
import { translator } from '../i18n/translate';
import prepareEn from './prepare/texts/en.json';
import prepareIt from './prepare/texts/it.json';
import prepareFr from './prepare/texts/fr.json';
import usersEn from './users/texts/en.json';
import usersIt from './users/texts/it.json';
import usersFr from './users/texts/fr.json';
import subscriptionsEn from './subscriptions/texts/en.json';
import subscriptionsIt from './subscriptions/texts/it.json';
import subscriptionsFr from './subscriptions/texts/fr.json';
import mfaEn from './mfa/texts/en.json';
import mfaIt from './mfa/texts/it.json';
import mfaFr from './mfa/texts/fr.json';
import directoryEn from './directory/texts/en.json';
import directoryIt from './directory/texts/it.json';
import directoryFr from './directory/texts/fr.json';

export type { MessageParams } from '../i18n/translate';

/**
 * The texts of the whole procedure, in every locale: the shared catalog (src/i18n/catalogs) with each
 * step's own texts (src/steps/<step>/texts) merged in. A step's texts keep their full keys
 * (`closure.step.mfa.title`), so a key reads the same wherever its text lives. The steps' texts are
 * listed here, beside the steps, and not in src/i18n, so that i18n (below the steps) imports none of them.
 */
export const CATALOGS: Record<Locale, Catalog> = {
  en: mergeCatalogs(en, prepareEn, usersEn, subscriptionsEn, mfaEn, directoryEn),
  it: mergeCatalogs(it, prepareIt, usersIt, subscriptionsIt, mfaIt, directoryIt),
  fr: mergeCatalogs(fr, prepareFr, usersFr, subscriptionsFr, mfaFr, directoryFr),
};

export const { t, hasKey, catalogKeys } = translator(CATALOGS);

/** "Label: value" as each language punctuates it (French puts a space before the colon). */
export function listItem(locale: Locale, label: string, value: string): string {
  return t(locale, 'closure.list.item', { label, value });
}
