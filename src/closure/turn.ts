import { Locale } from '../i18n/locale';

/** Who is acting, from where: what the hosting layer extracts from a Teams activity. */
export interface Turn {
  /** From the activity (`conversation.tenantId` / `channelData.tenant.id`); verified against Graph before use. */
  tenantId: string;
  actor: { aadObjectId: string; name: string };
  locale: Locale;
  /** Serializable reference for proactive messages (owned by the hosting layer, opaque here). */
  conversation: unknown;
  /** `GRAPH_AUTH=sso`: the token Teams SSO gave this turn (never stored or logged). */
  userAssertion?: string;
  /** For a card action: the message holding the card, so later progress can update it in place. */
  cardActivityId?: string;
}
