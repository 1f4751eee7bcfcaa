/** What a typed message asks for, once recognised. */
export type ChatCommand = 'close' | 'status' | 'help' | 'cancel';

const PHRASES: Record<ChatCommand, string[]> = {
  close: [
    'close account',
    'close the account',
    'close my account',
    'close our account',
    'close this account',
    'close the microsoft 365 account',
    'close microsoft 365 account',
    'close tenant',
    'close the tenant',
    'chiudi account',
    "chiudi l'account",
    'chiudi il mio account',
    "chiudere l'account",
    'chiudere account',
    'chiudi il tenant',
    'fermer le compte',
    'fermer compte',
    'fermer mon compte',
    'fermer notre compte',
    'fermer le compte microsoft 365',
    'fermer le locataire',
  ],
  status: ['status', 'state', 'progress', 'stato', 'avanzamento', 'etat', 'statut', 'avancement'],
  help: ['help', '?', 'aiuto', 'guida', 'aide'],
  cancel: ['cancel', 'cancel closure', 'cancel the closure', 'annulla', 'annulla chiusura', 'annulla la chiusura', 'annuler', 'annuler la fermeture'],
};

const COURTESY = /[\s,]+(please|per favore|grazie|s'il vous plait|svp|merci)$/;
const LOOKUP = new Map<string, ChatCommand>((Object.entries(PHRASES) as Array<[ChatCommand, string[]]>).flatMap(([command, phrases]) => phrases.map((p) => [normalize(p), command] as const)));

/**
 * Recognises a whole command, never a substring: "don't close account" starts nothing.
 * Case, accents, surrounding punctuation, a leading slash and a trailing "please" are ignored.
 */
export function parseCommand(text: string | undefined | null): ChatCommand | undefined {
  if (typeof text !== 'string' || text.length > 200) return undefined;
  let phrase = normalize(text);
  phrase = phrase.replace(COURTESY, '');
  return LOOKUP.get(phrase);
}

const HANDOVER = [/^(?:hand over|handover|hand the closure over) to (.+)$/, /^(?:passa|cedi|affida)(?: la chiusura)? a (.+)$/, /^(?:transferer|confier|transmettre)(?: la fermeture)? a (.+)$/];

/**
 * "hand over to luca@contoso.com" (and the Italian and French forms): who the owner hands the
 * closure to, as typed (a user principal name or email). Only the name is read here; whether that
 * account is a Global Administrator of the tenant is checked through Graph.
 */
export function parseHandover(text: string | undefined | null): string | undefined {
  if (typeof text !== 'string' || text.length > 300) return undefined;
  const phrase = normalize(text);
  for (const pattern of HANDOVER) {
    const match = pattern.exec(phrase);
    // The address keeps its original spelling: take it from the end of the raw text.
    if (match) {
      const target =
        text
          .trim()
          .replace(/[.!]+$/, '')
          .split(/\s+/)
          .pop() ?? '';
      return /^[^\s@<>"']+@[^\s@<>"']+$/.test(target) ? target : undefined;
    }
  }
  return undefined;
}

function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/<[^>]*>/g, ' ')
    .replace(/^[\s/!.,;:]+|[\s!.,;:]+$/g, '')
    .replace(/\s+/g, ' ');
}
