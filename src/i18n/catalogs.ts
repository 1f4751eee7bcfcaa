import en from './catalogs/en.json';
import it from './catalogs/it.json';
import fr from './catalogs/fr.json';
import prepareEn from '../steps/prepare/texts/en.json';
import prepareIt from '../steps/prepare/texts/it.json';
import prepareFr from '../steps/prepare/texts/fr.json';
import usersEn from '../steps/users/texts/en.json';
import usersIt from '../steps/users/texts/it.json';
import usersFr from '../steps/users/texts/fr.json';
import subscriptionsEn from '../steps/subscriptions/texts/en.json';
import subscriptionsIt from '../steps/subscriptions/texts/it.json';
import subscriptionsFr from '../steps/subscriptions/texts/fr.json';
import mfaEn from '../steps/mfa/texts/en.json';
import mfaIt from '../steps/mfa/texts/it.json';
import mfaFr from '../steps/mfa/texts/fr.json';
import directoryEn from '../steps/directory/texts/en.json';
import directoryIt from '../steps/directory/texts/it.json';
import directoryFr from '../steps/directory/texts/fr.json';
import { Locale } from './locale';

export type Catalog = { [key: string]: string | Catalog };

/**
 * The texts of every locale: the shared catalog (src/i18n/catalogs) with each step's own texts
 * (src/steps/<step>/texts) merged in. A step's texts keep their full keys (`closure.step.mfa.title`),
 * so a key reads the same wherever its text lives.
 */
export const CATALOGS: Record<Locale, Catalog> = {
  en: merged(en, prepareEn, usersEn, subscriptionsEn, mfaEn, directoryEn),
  it: merged(it, prepareIt, usersIt, subscriptionsIt, mfaIt, directoryIt),
  fr: merged(fr, prepareFr, usersFr, subscriptionsFr, mfaFr, directoryFr),
};

function merged(...parts: Catalog[]): Catalog {
  const into: Catalog = {};
  for (const part of parts) mergeInto(into, part);
  return into;
}

function mergeInto(into: Catalog, part: Catalog): void {
  for (const [key, value] of Object.entries(part)) {
    const existing = into[key];
    if (typeof value === 'string') into[key] = value;
    else if (existing !== undefined && typeof existing !== 'string') mergeInto(existing, value);
    else into[key] = merged(value);
  }
}
